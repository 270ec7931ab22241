/*
 * The common unit of the KrJwt C ABI tests (include/kr_jwt.h, docs/c-abi.md), as rustls-ffi's
 * librustls/tests/ does it: one harness and fixture unit, one file per area, one runner.
 *
 * Plain C11, no framework. Every CHECK counts one pass or one failure; each failure is printed with
 * file:line and kr_jwt_last_error(). The runner's last line is "C: N passed, M failed".
 *
 * Ownership discipline: every string handed out by the library is released with kr_jwt_string_free, * every handle with its *_free function, so that valgrind reports no leaks. Strings the tests allocate
 * themselves (token copies) are released with free().
 */
#ifndef KR_JWT_TEST_COMMON_H
#define KR_JWT_TEST_COMMON_H

#include "kr_jwt.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern int g_passed;
extern int g_failed;
extern char g_sentinel;

#define CHECK(cond) check_impl((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_OK(expr) check_status_impl((expr), KR_JWT_STATUS_OK, #expr, __FILE__, __LINE__)
#define CHECK_STATUS(expr, expected) check_status_impl((expr), (expected), #expr, __FILE__, __LINE__)
#define CHECK_FAILS(expr, expected) check_fails_impl((expr), (expected), #expr, __FILE__, __LINE__)
#define SENTINEL ((void *)&g_sentinel)
#define ISSUER "https://issuer.example.test"
#define AUDIENCE_1 "api://orders"
#define AUDIENCE_2 "api://billing"
#define SUBJECT "user-4711"

extern const char KEY32_A[];
extern const char KEY32_B[];
extern const char KEY48[];
extern const char KEY64[];
extern const char KEY16[];
extern const char B64URL[];

void copy_last_error(char *buf, size_t size);
void check_impl(int ok, const char *expr, const char *file, int line);
int check_status_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file, int line);
int check_fails_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file, int line);
int64_t now_seconds(void);
char *dup_string(const char *s);
KrJwtKey *import_hex(const char *hex);
KrJwtBuilder *std_builder(const KrJwtKey *key, const char *alg);
KrJwtResult *build(const KrJwtBuilder *b);
char *get_token(const KrJwtResult *r);
char *get_json(const KrJwtResult *r);
KrJwtValidator *result_validator(const KrJwtResult *r);
char *std_token(const KrJwtKey *key, const char *alg);
int count_char(const char *s, char c);
int has_segments(const char *token, int segments);
char *flip_in_segment(const char *token, int segment, int pos);
char *noncanonical_last_char(const char *token);
int is_base64url(const char *s);
int json_value_is(const char *value, const char *expected);
int json_has(const char *json, const char *key, const char *expected);
int json_has_key(const char *json, const char *key);
void round_trip_key(const KrJwtKey *key, const char *alg, const char *expected_alg);

/* The areas (one file each). */
void test_version_and_status_names(void);
void test_defaults(void);
void test_keys(void);
void test_generated_keys(void);
void test_key_spec(void);
void test_issue_hs256(void);
void test_other_algorithms(void);
void test_every_algorithm(void);
void test_renew_reissue(void);
void test_copy_independence(void);
void test_explicit_validator(void);
void test_tampering(void);
void test_expiry(void);
void test_batch(void);
void test_decode(void);
void test_bearer(void);
void test_test_tokens(void);
void test_events(void);
void test_bad_input(void);
void test_null_arguments(void);
void test_huge_and_empty_strings(void);
void test_jwe(void);
void test_jwe_all_pairs(void);
void test_fork_after_batch(void);
void test_issuer_audience_required(void);
void test_weak_verification_key(void);
void test_max_token_age(void);

#endif
