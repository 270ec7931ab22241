/*
 * C test suite for the KrJwt C ABI (include/kr_jwt.h, docs/c-abi.md).
 *
 * Plain C11, no framework. Every CHECK counts one pass or one failure; each failure is printed with
 * file:line and kr_jwt_last_error(). The last line printed is always "C: N passed, M failed" and the
 * exit status is non-zero when M > 0.
 *
 * Ownership discipline: every string handed out by the library is released with kr_jwt_string_free,
 * every handle with its *_free function, so that valgrind reports no leaks. Strings this file
 * allocates itself (token copies) are released with free().
 */
#include "kr_jwt.h"

#include <math.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------------------------------ */
/* Tiny test harness                                                                                */
/* ------------------------------------------------------------------------------------------------ */

static int g_passed;
static int g_failed;

/* Copies kr_jwt_last_error() before anything else can call into the library. */
static void copy_last_error(char *buf, size_t size)
{
    const char *err = kr_jwt_last_error();
    snprintf(buf, size, "%s", err != NULL ? err : "(null)");
}

static void check_impl(int ok, const char *expr, const char *file, int line)
{
    char err[1024];

    copy_last_error(err, sizeof err);
    if (ok) {
        g_passed++;
        return;
    }
    g_failed++;
    printf("FAIL %s:%d: CHECK(%s); last_error: \"%s\"\n", file, line, expr, err);
    fflush(stdout);
}

static int check_status_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file,
                             int line)
{
    char err[1024];

    copy_last_error(err, sizeof err);
    if (got == expected) {
        g_passed++;
        return 1;
    }
    g_failed++;
    printf("FAIL %s:%d: %s returned %d (%s), expected %d (%s); last_error: \"%s\"\n", file, line, expr,
           (int)got, kr_jwt_status_name(got), (int)expected, kr_jwt_status_name(expected), err);
    fflush(stdout);
    return 0;
}

/* Expects a failure status and a non-empty kr_jwt_last_error() (two checks). */
static int check_fails_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file,
                            int line)
{
    char err[1024];
    int ok;

    copy_last_error(err, sizeof err);
    ok = check_status_impl(got, expected, expr, file, line);
    if (err[0] != '\0') {
        g_passed++;
    } else {
        g_failed++;
        printf("FAIL %s:%d: %s failed with %d (%s) but kr_jwt_last_error() is empty\n", file, line, expr,
               (int)got, kr_jwt_status_name(got));
        fflush(stdout);
        ok = 0;
    }
    return ok;
}

#define CHECK(cond) check_impl((cond) ? 1 : 0, #cond, __FILE__, __LINE__)
#define CHECK_OK(expr) check_status_impl((expr), KR_JWT_STATUS_OK, #expr, __FILE__, __LINE__)
#define CHECK_STATUS(expr, expected) check_status_impl((expr), (expected), #expr, __FILE__, __LINE__)
#define CHECK_FAILS(expr, expected) check_fails_impl((expr), (expected), #expr, __FILE__, __LINE__)

/* A non-NULL address stored into out pointers before failing calls, to prove they are reset to NULL. */
static char g_sentinel;
#define SENTINEL ((void *)&g_sentinel)

/* ------------------------------------------------------------------------------------------------ */
/* Fixtures                                                                                         */
/* ------------------------------------------------------------------------------------------------ */

#define ISSUER "https://issuer.example.test"
#define AUDIENCE_1 "api://orders"
#define AUDIENCE_2 "api://billing"
#define SUBJECT "user-4711"

/* 32, 48, 64 and 16 byte HMAC secrets as hex text. */
static const char KEY32_A[] = "00112233445566778899aabbccddeeff"
                              "0123456789abcdef0123456789abcdef";
static const char KEY32_B[] = "ffeeddccbbaa99887766554433221100"
                              "fedcba9876543210fedcba9876543210";
static const char KEY48[] = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                            "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
static const char KEY64[] = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                            "e0e1e2e3e4e5e6e7e8e9eaebecedeeef"
                            "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
                            "303132333435363738393a3b3c3d3e3f";
static const char KEY16[] = "1234567890abcdef1234567890abcdef";

static int64_t now_seconds(void)
{
    return (int64_t)time(NULL);
}

static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = malloc(n);

    if (copy == NULL) {
        fprintf(stderr, "out of memory\n");
        exit(2);
    }
    memcpy(copy, s, n);
    return copy;
}

static KrJwtKey *import_hex(const char *hex)
{
    KrJwtKey *key = NULL;

    CHECK_OK(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)hex, strlen(hex), &key));
    CHECK(key != NULL);
    return key;
}

/* Builder with issuer, two audiences, subject, protected with key/alg, valid for 1800 s. */
static KrJwtBuilder *std_builder(const KrJwtKey *key, const char *alg)
{
    KrJwtBuilder *b = NULL;

    CHECK_OK(kr_jwt_builder_new(&b));
    if (b == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_builder_set_issuer(b, ISSUER));
    CHECK_OK(kr_jwt_builder_add_audience(b, AUDIENCE_1));
    CHECK_OK(kr_jwt_builder_add_audience(b, AUDIENCE_2));
    CHECK_OK(kr_jwt_builder_set_subject(b, SUBJECT));
    CHECK_OK(kr_jwt_builder_protect(b, key, alg, NULL));
    CHECK_OK(kr_jwt_builder_limit_validity(b, 1800.0));
    return b;
}

static KrJwtResult *build(const KrJwtBuilder *b)
{
    KrJwtResult *r = NULL;

    if (b == NULL) {
        CHECK(b != NULL);
        return NULL;
    }
    CHECK_OK(kr_jwt_builder_build(b, &r));
    CHECK(r != NULL);
    return r;
}

/* Library-owned strings: release with kr_jwt_string_free. */
static char *get_token(const KrJwtResult *r)
{
    char *s = NULL;

    if (r == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_result_token(r, &s));
    CHECK(s != NULL);
    return s;
}

static char *get_json(const KrJwtResult *r)
{
    char *s = NULL;

    if (r == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_result_json(r, &s));
    CHECK(s != NULL);
    return s;
}

static KrJwtValidator *result_validator(const KrJwtResult *r)
{
    KrJwtValidator *v = NULL;

    if (r == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_result_validator(r, 60.0, &v));
    CHECK(v != NULL);
    return v;
}

/* Builds the standard token and returns it as a malloc'd copy (free with free()). */
static char *std_token(const KrJwtKey *key, const char *alg)
{
    KrJwtBuilder *b = std_builder(key, alg);
    KrJwtResult *r = build(b);
    char *t = get_token(r);
    char *copy = t != NULL ? dup_string(t) : NULL;

    kr_jwt_string_free(t);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    return copy;
}

static int count_char(const char *s, char c)
{
    int n = 0;

    for (; s != NULL && *s != '\0'; s++) {
        n += *s == c;
    }
    return n;
}

/* 1 when token has exactly `segments` non-empty segments separated by '.'. */
static int has_segments(const char *token, int segments)
{
    const char *p;
    size_t len;

    if (token == NULL || count_char(token, '.') != segments - 1) {
        return 0;
    }
    len = strlen(token);
    if (len == 0 || token[0] == '.' || token[len - 1] == '.') {
        return 0;
    }
    for (p = token; *p != '\0'; p++) {
        if (p[0] == '.' && p[1] == '.') {
            return 0;
        }
    }
    return 1;
}

/*
 * Returns a malloc'd copy of token with one character of segment `segment` (0-based) replaced.
 * `pos` < 0 picks the middle of the segment. The replacement is a different base64url character.
 */
static char *flip_in_segment(const char *token, int segment, int pos)
{
    char *copy = dup_string(token);
    char *start = copy;
    char *end;
    size_t len;
    size_t at;
    int i;

    for (i = 0; i < segment && start != NULL; i++) {
        start = strchr(start, '.');
        if (start != NULL) {
            start++;
        }
    }
    if (start == NULL) {
        return copy;
    }
    end = strchr(start, '.');
    len = end != NULL ? (size_t)(end - start) : strlen(start);
    if (len == 0) {
        return copy;
    }
    at = pos < 0 ? len / 2 : (size_t)pos;
    if (at >= len) {
        at = len - 1;
    }
    start[at] = start[at] == 'A' ? 'B' : 'A';
    return copy;
}

static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * Returns a malloc'd copy of token whose last character changes only the unused low bits of the
 * final base64url character (a non-canonical encoding of the same signature bytes).
 */
static char *noncanonical_last_char(const char *token)
{
    char *copy = dup_string(token);
    size_t n = strlen(copy);
    const char *at = n > 0 ? strchr(B64URL, copy[n - 1]) : NULL;

    if (at != NULL && *at != '\0') {
        copy[n - 1] = B64URL[(at - B64URL) ^ 1];
    }
    return copy;
}

/* 1 when s is non-empty and made only of base64url characters (no padding). */
static int is_base64url(const char *s)
{
    return s != NULL && s[0] != '\0' && strspn(s, B64URL) == strlen(s);
}

/* ---- minimal JSON probing (whitespace-tolerant, enough for these tests) ---- */

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_ws(const char *p)
{
    while (*p != '\0' && is_ws(*p)) {
        p++;
    }
    return p;
}

/* Pointer to the value of the first member named `key` (at any depth) at or after `from`, or NULL. */
static const char *json_find_value(const char *from, const char *key)
{
    char pattern[256];
    const char *p = from;

    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    while (p != NULL && (p = strstr(p, pattern)) != NULL) {
        const char *q = skip_ws(p + strlen(pattern));

        if (*q == ':') {
            return skip_ws(q + 1);
        }
        p++;
    }
    return NULL;
}

/*
 * 1 when `value` points at JSON text equal to `expected` (compact JSON), ignoring whitespace outside
 * strings, and the value ends there (followed by ',', '}', ']' or end of text).
 */
static int json_value_is(const char *value, const char *expected)
{
    const char *e = expected;
    const char *v = value;
    int in_string = 0;
    int escaped = 0;

    while (*e != '\0') {
        if (!in_string) {
            v = skip_ws(v);
        }
        if (*v != *e) {
            return 0;
        }
        if (in_string) {
            if (escaped) {
                escaped = 0;
            } else if (*e == '\\') {
                escaped = 1;
            } else if (*e == '"') {
                in_string = 0;
            }
        } else if (*e == '"') {
            in_string = 1;
        }
        v++;
        e++;
    }
    v = skip_ws(v);
    return *v == '\0' || *v == ',' || *v == '}' || *v == ']';
}

/* 1 when some member named `key` has the JSON value `expected` (compact JSON text). */
static int json_has(const char *json, const char *key, const char *expected)
{
    const char *p = json;

    if (json == NULL) {
        return 0;
    }
    while ((p = json_find_value(p, key)) != NULL) {
        if (json_value_is(p, expected)) {
            return 1;
        }
    }
    return 0;
}

static int json_has_key(const char *json, const char *key)
{
    return json != NULL && json_find_value(json, key) != NULL;
}

/* ------------------------------------------------------------------------------------------------ */
/* Tests                                                                                            */
/* ------------------------------------------------------------------------------------------------ */

static void test_version_and_status_names(void)
{
    const char *version = kr_jwt_version();
    const char *name;

    CHECK(version != NULL && version[0] != '\0');
    printf("   library version: %s\n", version != NULL ? version : "(null)");

    name = kr_jwt_status_name(KR_JWT_STATUS_OK);
    CHECK(name != NULL && strcmp(name, "Ok") == 0);
    name = kr_jwt_status_name(KR_JWT_STATUS_TOKEN_EXPIRED);
    CHECK(name != NULL && strcmp(name, "TokenExpired") == 0);
    name = kr_jwt_status_name(KR_JWT_STATUS_INVALID_KEY);
    CHECK(name != NULL && strcmp(name, "InvalidKey") == 0);
    name = kr_jwt_status_name((KrJwtStatus)12345);
    CHECK(name != NULL && strcmp(name, "Unknown") == 0);
}

static void test_keys(void)
{
    KrJwtKey *key;
    KrJwtKey *copy = NULL;
    char *info = NULL;

    key = import_hex(KEY32_A);
    if (key == NULL) {
        return;
    }
    CHECK_OK(kr_jwt_key_info(key, &info));
    CHECK(json_has(info, "bits", "256"));
    CHECK(info != NULL && strstr(info, KEY32_A) == NULL); /* never key material */
    kr_jwt_string_free(info);

    CHECK_OK(kr_jwt_key_copy(key, &copy));
    CHECK(copy != NULL && copy != key);
    kr_jwt_key_free(key); /* the copy must stay usable on its own */
    info = NULL;
    CHECK_OK(kr_jwt_key_info(copy, &info));
    CHECK(json_has(info, "bits", "256"));
    kr_jwt_string_free(info);
    kr_jwt_key_free(copy);
}

static void test_issue_hs256(void)
{
    KrJwtKey *key;
    KrJwtBuilder *b = NULL;
    KrJwtResult *r = NULL;
    KrJwtValidator *v = NULL;
    char *token = NULL;
    char *json = NULL;
    char *claims = NULL;
    char *state = NULL;

    key = import_hex(KEY32_A);
    CHECK_OK(kr_jwt_builder_new(&b));
    if (key == NULL || b == NULL) {
        kr_jwt_key_free(key);
        kr_jwt_builder_free(b);
        return;
    }
    CHECK_OK(kr_jwt_builder_set_issuer(b, ISSUER));
    CHECK(kr_jwt_last_error() != NULL && kr_jwt_last_error()[0] == '\0'); /* "" after a success */
    CHECK_OK(kr_jwt_builder_add_audience(b, AUDIENCE_1));
    CHECK_OK(kr_jwt_builder_add_audience(b, AUDIENCE_2));
    CHECK_OK(kr_jwt_builder_set_subject(b, SUBJECT));
    CHECK_OK(kr_jwt_builder_add_claim(b, "department", "engineering"));
    CHECK_OK(kr_jwt_builder_add_claim_json(b, "level", "42"));
    CHECK_OK(kr_jwt_builder_add_claim_json(b, "groups", "[\"admins\",\"ops\"]"));
    CHECK_OK(kr_jwt_builder_add_user_claim(b, "Name", "\"alice\""));
    CHECK_OK(kr_jwt_builder_protect(b, key, "HS256", NULL));
    kr_jwt_key_free(key); /* the builder keeps its own reference */
    CHECK_OK(kr_jwt_builder_limit_validity(b, 1800.0));

    CHECK_OK(kr_jwt_builder_state(b, &state));
    CHECK(json_has(state, "issuer", "\"" ISSUER "\""));
    CHECK(json_has(state, "protected", "true"));
    CHECK(state != NULL && strstr(state, KEY32_A) == NULL); /* never the key */
    kr_jwt_string_free(state);

    CHECK_OK(kr_jwt_builder_build(b, &r));
    CHECK(r != NULL);
    token = get_token(r);
    json = get_json(r);
    CHECK(has_segments(token, 3));
    CHECK(json_has(json, "issuer", "\"" ISSUER "\""));
    CHECK(json_has(json, "subject", "\"" SUBJECT "\""));
    CHECK(json_has(json, "audiences", "[\"" AUDIENCE_1 "\",\"" AUDIENCE_2 "\"]"));
    CHECK(json_has_key(json, "unique_name"));
    CHECK(json_has(json, "unique_name", "\"alice\""));
    CHECK(json_has(json, "algorithm", "\"HS256\""));
    CHECK(json_has(json, "department", "\"engineering\""));
    CHECK(json_has(json, "level", "42"));
    CHECK(json_has(json, "groups", "[\"admins\",\"ops\"]"));
    CHECK(json_has_key(json, "expires") && json_has_key(json, "issued_at"));
    CHECK(json != NULL && strstr(json, KEY32_A) == NULL);

    CHECK_OK(kr_jwt_result_validator(r, 60.0, &v));
    CHECK(v != NULL);
    if (v != NULL && token != NULL) {
        CHECK_OK(kr_jwt_validate(v, token, &claims));
        CHECK(json_has(claims, "sub", "\"" SUBJECT "\""));
        CHECK(json_has(claims, "iss", "\"" ISSUER "\""));
        CHECK(json_has(claims, "unique_name", "\"alice\""));
        kr_jwt_string_free(claims);
        /* claims_json_out is nullable */
        CHECK_OK(kr_jwt_validate(v, token, NULL));
    }

    kr_jwt_validator_free(v);
    kr_jwt_string_free(json);
    kr_jwt_string_free(token);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
}

static void test_explicit_validator(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtKey *other = import_hex(KEY32_B);
    KrJwtKey *key64 = import_hex(KEY64);
    const KrJwtKey *keys[1];
    const KrJwtKey *keys_with_hs512[2];
    const KrJwtKey *other_keys[1];
    KrJwtValidator *v = NULL;
    char *token;
    char *claims = NULL;
    char *params = NULL;
    const char *good = "{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                       "\"valid_algorithms\":[\"HS256\"],\"clock_skew_seconds\":60}";
    const char *bad_issuer = "{\"valid_issuers\":[\"https://evil.example.test\"],"
                             "\"valid_audiences\":[\"" AUDIENCE_1 "\"],\"valid_algorithms\":[\"HS256\"]}";
    const char *bad_audience = "{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"api://nope\"],"
                               "\"valid_algorithms\":[\"HS256\"]}";
    /* HS512 only; the validator also gets a 64-byte key, since validator_new refuses an allow-list
       that none of its keys can verify (ALGORITHM_KEY_MISMATCH) */
    const char *bad_algs = "{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                           "\"valid_algorithms\":[\"HS512\"]}";

    if (key == NULL || other == NULL || key64 == NULL) {
        kr_jwt_key_free(key);
        kr_jwt_key_free(other);
        kr_jwt_key_free(key64);
        return;
    }
    keys[0] = key;
    keys_with_hs512[0] = key;
    keys_with_hs512[1] = key64;
    other_keys[0] = other;
    token = std_token(key, "HS256");
    if (token == NULL) {
        kr_jwt_key_free(key);
        kr_jwt_key_free(other);
        kr_jwt_key_free(key64);
        return;
    }

    /* matching issuer / audience / algorithm */
    CHECK_OK(kr_jwt_validator_new(good, keys, 1, &v));
    CHECK(v != NULL);
    CHECK_OK(kr_jwt_validate(v, token, &claims));
    CHECK(json_has(claims, "sub", "\"" SUBJECT "\""));
    kr_jwt_string_free(claims);
    CHECK_OK(kr_jwt_validator_params(v, &params));
    CHECK(json_has(params, "valid_issuers", "[\"" ISSUER "\"]"));
    /* a number of seconds; 60 and 60.0 are both accepted */
    CHECK(json_has(params, "clock_skew_seconds", "60") || json_has(params, "clock_skew_seconds", "60.0"));
    CHECK(json_has_key(params, "keys"));
    CHECK(json_has(params, "kty", "\"oct\""));
    CHECK(json_has(params, "bits", "256"));
    CHECK(json_has(params, "alg", "\"HS256\"")); /* contract: keys [{"kty","kid","alg","bits"}] */
    CHECK(params != NULL && strstr(params, KEY32_A) == NULL);
    kr_jwt_string_free(params);
    kr_jwt_validator_free(v);

    /* wrong issuer */
    v = NULL;
    CHECK_OK(kr_jwt_validator_new(bad_issuer, keys, 1, &v));
    claims = SENTINEL;
    CHECK_FAILS(kr_jwt_validate(v, token, &claims), KR_JWT_STATUS_INVALID_ISSUER);
    CHECK(claims == NULL);
    kr_jwt_validator_free(v);

    /* wrong audience */
    v = NULL;
    CHECK_OK(kr_jwt_validator_new(bad_audience, keys, 1, &v));
    CHECK_FAILS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_INVALID_AUDIENCE);
    kr_jwt_validator_free(v);

    /* allow-list without HS256 */
    v = NULL;
    CHECK_OK(kr_jwt_validator_new(bad_algs, keys_with_hs512, 2, &v));
    kr_jwt_key_free(key64); /* the validator copies its keys */
    CHECK_FAILS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_ALGORITHM_NOT_ALLOWED);
    kr_jwt_validator_free(v);

    /* wrong key (another 32-byte secret); the key may be freed right after validator_new */
    v = NULL;
    CHECK_OK(kr_jwt_validator_new(good, other_keys, 1, &v));
    kr_jwt_key_free(other);
    claims = SENTINEL;
    CHECK_FAILS(kr_jwt_validate(v, token, &claims), KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(claims == NULL);
    kr_jwt_validator_free(v);

    /* a validator copy outlives its original */
    {
        KrJwtValidator *dflt = NULL;
        KrJwtValidator *copy = NULL;

        CHECK_OK(kr_jwt_validator_new(good, keys, 1, &dflt));
        CHECK_OK(kr_jwt_validator_copy(dflt, &copy));
        CHECK(copy != NULL && copy != dflt);
        kr_jwt_validator_free(dflt);
        if (copy != NULL) {
            CHECK_OK(kr_jwt_validate(copy, token, NULL));
        }
        kr_jwt_validator_free(copy);
    }

    free(token);
    kr_jwt_key_free(key);
}

/* Issue 12 item 1: a validator without valid issuer / audience is refused unless opted out. */
static void test_issuer_audience_required(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    const KrJwtKey *keys[1];
    KrJwtValidator *v;
    KrJwtBuilder *b;
    KrJwtResult *r;
    char *token;
    char err[1024];

    if (key == NULL) {
        return;
    }
    keys[0] = key;

    /* the audit's repro: NULL params (defaults) are refused, naming the issuer and the opt-out */
    v = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new(NULL, keys, 1, &v), KR_JWT_STATUS_MISSING_VALID_ISSUER);
    copy_last_error(err, sizeof err);
    CHECK(v == NULL);
    CHECK(strstr(err, "IDX10204") != NULL && strstr(err, "validate_issuer") != NULL);
    v = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new("{}", keys, 1, &v), KR_JWT_STATUS_MISSING_VALID_ISSUER);
    CHECK(v == NULL);
    v = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"]}", keys, 1, &v),
                KR_JWT_STATUS_MISSING_VALID_AUDIENCE);
    copy_last_error(err, sizeof err);
    CHECK(v == NULL);
    CHECK(strstr(err, "IDX10208") != NULL && strstr(err, "validate_audience") != NULL);

    /* opting out while giving valid values is a usage error */
    CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"validate_issuer\":false,"
                                     "\"valid_audiences\":[\"" AUDIENCE_1 "\"]}", keys, 1, &v),
                KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_new("{\"validate_issuer\":false,\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                                     "\"validate_audience\":false}", keys, 1, &v),
                KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_new("{\"validate_issuer\":\"no\",\"validate_audience\":false}", keys, 1, &v),
                KR_JWT_STATUS_INVALID_JSON);

    /* the explicit opt-out: any issuer is then accepted, the audience still checked */
    token = std_token(key, "HS256");
    v = NULL;
    CHECK_OK(kr_jwt_validator_new("{\"validate_issuer\":false,\"valid_audiences\":[\"" AUDIENCE_1 "\"]}",
                                  keys, 1, &v));
    if (v != NULL && token != NULL) {
        char *params = NULL;
        CHECK_OK(kr_jwt_validate(v, token, NULL));
        CHECK_OK(kr_jwt_validator_params(v, &params));
        CHECK(json_has(params, "validate_issuer", "false"));
        CHECK(json_has(params, "validate_audience", "true"));
        kr_jwt_string_free(params);
    }
    kr_jwt_validator_free(v);
    v = NULL;
    CHECK_OK(kr_jwt_validator_new("{\"validate_issuer\":false,\"validate_audience\":false}", keys, 1, &v));
    if (v != NULL && token != NULL) {
        CHECK_OK(kr_jwt_validate(v, token, NULL));
    }
    kr_jwt_validator_free(v);
    free(token);

    /* result -> validator: a result without issuer / audience needs the opt-out */
    CHECK_OK(kr_jwt_builder_new(&b));
    if (b != NULL) {
        CHECK_OK(kr_jwt_builder_protect(b, key, "HS256", NULL));
    }
    r = build(b);
    if (r != NULL) {
        v = SENTINEL;
        CHECK_FAILS(kr_jwt_result_validator(r, 60.0, &v), KR_JWT_STATUS_MISSING_VALID_ISSUER);
        CHECK(v == NULL);
        v = SENTINEL;
        CHECK_FAILS(kr_jwt_result_validator_with_options(r, NULL, &v), KR_JWT_STATUS_MISSING_VALID_ISSUER);
        CHECK(v == NULL);
        CHECK_FAILS(kr_jwt_result_validator_with_options(r, "{\"validate_issuer\":false}", &v),
                    KR_JWT_STATUS_MISSING_VALID_AUDIENCE);
        CHECK_FAILS(kr_jwt_result_validator_with_options(r, "{\"valid_issuers\":[\"x\"]}", &v),
                    KR_JWT_STATUS_INVALID_JSON);
        CHECK_FAILS(kr_jwt_result_validator_with_options(NULL, NULL, &v), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_FAILS(kr_jwt_result_validator_with_options(r, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        v = NULL;
        CHECK_OK(kr_jwt_result_validator_with_options(
            r, "{\"validate_issuer\":false,\"validate_audience\":false,\"clock_skew_seconds\":5}", &v));
        token = get_token(r);
        if (v != NULL && token != NULL) {
            char *params = NULL;
            CHECK_OK(kr_jwt_validate(v, token, NULL));
            CHECK_OK(kr_jwt_validator_params(v, &params));
            CHECK(json_has(params, "clock_skew_seconds", "5") || json_has(params, "clock_skew_seconds", "5.0"));
            kr_jwt_string_free(params);
        }
        kr_jwt_string_free(token);
        kr_jwt_validator_free(v);
    }
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);

    /* a result with issuer and audiences: opting out of them is a usage error */
    b = std_builder(key, "HS256");
    r = build(b);
    if (r != NULL) {
        CHECK_FAILS(kr_jwt_result_validator_with_options(r, "{\"validate_issuer\":false}", &v),
                    KR_JWT_STATUS_INVALID_ARGUMENT);
        v = NULL;
        CHECK_OK(kr_jwt_result_validator_with_options(r, NULL, &v));
        kr_jwt_validator_free(v);
    }
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

/* Issue 12 item 4: a 1024-bit RSA public key (openssl genrsa 1024) makes no validator. */
static const char RSA_1024_PUBLIC_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDICqjX5BfqGufTcInwCKH7joHi\n"
    "sqtAqcf9PRAIMTcFybSDsUshQndNA7yDyYaQ6wpllrnadSb0sJLLbOy04HuRUzCm\n"
    "3BdBjwZPYo3PrW9X2iQEhIxda4C3/5abe6FKxYYNwa6VkKbaU62GzHsU33PYBXw7\n"
    "0whXWlAKcC2/QKZAKwIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

static void test_weak_verification_key(void)
{
    KrJwtKey *weak = NULL;
    KrJwtKey *hmac = import_hex(KEY32_A);
    const KrJwtKey *keys[2];
    KrJwtValidator *v;
    char err[1024];
    const char *params = "{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"]}";
    const char *rs256 = "{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                        "\"valid_algorithms\":[\"RS256\"]}";

    CHECK_OK(kr_jwt_key_import(KR_JWT_KEY_FORMAT_PEM, (const uint8_t *)RSA_1024_PUBLIC_PEM,
                               strlen(RSA_1024_PUBLIC_PEM), &weak));
    if (weak == NULL || hmac == NULL) {
        kr_jwt_key_free(weak);
        kr_jwt_key_free(hmac);
        return;
    }
    keys[0] = weak;
    keys[1] = hmac;
    v = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new(params, keys, 1, &v), KR_JWT_STATUS_KEY_TOO_SHORT);
    copy_last_error(err, sizeof err);
    CHECK(v == NULL);
    CHECK(strstr(err, "2048") != NULL && strstr(err, "1024") != NULL);
    CHECK_FAILS(kr_jwt_validator_new(rs256, keys, 1, &v), KR_JWT_STATUS_KEY_TOO_SHORT);
    /* beside a usable key it is refused too, never kept silently */
    CHECK_FAILS(kr_jwt_validator_new(params, keys, 2, &v), KR_JWT_STATUS_KEY_TOO_SHORT);
    kr_jwt_key_free(weak);
    kr_jwt_key_free(hmac);
}

/* Issue 12 item 11: max_token_age_seconds. Tokens signed (HS256, KEY32_A) by Python's hmac with
   iss ISSUER, aud AUDIENCE_1, exp 2100-01-01 and iat 2023-11-14T22:13:20Z / 2096-10-02T07:06:40Z / none. */
static const char OLD_IAT_TOKEN[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlLnRlc3QiLCJhdWQiOiJhcGk6Ly9"
    "vcmRlcnMiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6MTcwMDAwMDAwMH0.8jv8KDOKdbDoysn5mUTjmEKK4g8_qUET3WcmGqQ0Rqk";
static const char FUTURE_IAT_TOKEN[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlLnRlc3QiLCJhdWQiOiJhcGk6Ly9"
    "vcmRlcnMiLCJleHAiOjQxMDI0NDQ4MDAsImlhdCI6NDAwMDAwMDAwMH0.2rDUq6vERlcvijyHIl6bfuOQGlTkPJCpLFsISUmGrhw";
static const char NO_IAT_TOKEN[] =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlLnRlc3QiLCJhdWQiOiJhcGk6Ly9"
    "vcmRlcnMiLCJleHAiOjQxMDI0NDQ4MDB9.Vp-U76_-D_-kP6zMe2rdJ_0XV7UQfZjWB2t-YRplhHo";

static void test_max_token_age(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    const KrJwtKey *keys[1];
    KrJwtValidator *plain = NULL;
    KrJwtValidator *aged = NULL;
    KrJwtValidator *v = NULL;
    KrJwtBuilder *b;
    KrJwtResult *r;
    char *token;
    char *params = NULL;
    char err[1024];
    const char *tokens[3] = {OLD_IAT_TOKEN, FUTURE_IAT_TOKEN, NO_IAT_TOKEN};
    KrJwtStatus statuses[3];

    if (key == NULL) {
        return;
    }
    keys[0] = key;
    CHECK_OK(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"]}",
                                  keys, 1, &plain));
    CHECK_OK(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                                  "\"max_token_age_seconds\":3600}", keys, 1, &aged));
    if (plain != NULL && aged != NULL) {
        /* without a maximum age all three pass */
        CHECK_OK(kr_jwt_validate(plain, OLD_IAT_TOKEN, NULL));
        CHECK_OK(kr_jwt_validate(plain, FUTURE_IAT_TOKEN, NULL));
        CHECK_OK(kr_jwt_validate(plain, NO_IAT_TOKEN, NULL));

        CHECK_FAILS(kr_jwt_validate(aged, OLD_IAT_TOKEN, NULL), KR_JWT_STATUS_TOKEN_TOO_OLD);
        copy_last_error(err, sizeof err);
        CHECK(strstr(err, "2023-11-14T22:13:20Z") != NULL && strstr(err, "3600 s") != NULL);
        CHECK_FAILS(kr_jwt_validate(aged, FUTURE_IAT_TOKEN, NULL), KR_JWT_STATUS_TOKEN_NOT_YET_VALID);
        copy_last_error(err, sizeof err);
        CHECK(strstr(err, "2096-10-02T07:06:40Z") != NULL);
        CHECK_FAILS(kr_jwt_validate(aged, NO_IAT_TOKEN, NULL), KR_JWT_STATUS_MISSING_CLAIM);
        copy_last_error(err, sizeof err);
        CHECK(strstr(err, "'iat'") != NULL);
        CHECK_OK(kr_jwt_validate_batch(aged, tokens, 3, statuses));
        CHECK(statuses[0] == KR_JWT_STATUS_TOKEN_TOO_OLD);
        CHECK(statuses[1] == KR_JWT_STATUS_TOKEN_NOT_YET_VALID);
        CHECK(statuses[2] == KR_JWT_STATUS_MISSING_CLAIM);
        CHECK_OK(kr_jwt_validator_params(aged, &params));
        CHECK(json_has(params, "max_token_age_seconds", "3600") || json_has(params, "max_token_age_seconds", "3600.0"));
        kr_jwt_string_free(params);
        CHECK(strcmp(kr_jwt_status_name(KR_JWT_STATUS_TOKEN_TOO_OLD), "TokenTooOld") == 0);
    }

    /* a fresh token passes; the copy with another clock skew keeps the maximum age */
    token = std_token(key, "HS256");
    if (aged != NULL && token != NULL) {
        CHECK_OK(kr_jwt_validate(aged, token, NULL));
        CHECK_OK(kr_jwt_validator_with_clock_skew(aged, 0.0, &v));
        if (v != NULL) {
            CHECK_FAILS(kr_jwt_validate(v, OLD_IAT_TOKEN, NULL), KR_JWT_STATUS_TOKEN_TOO_OLD);
        }
        kr_jwt_validator_free(v);
        v = NULL;
    }
    free(token);

    /* bad values */
    CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                                     "\"max_token_age_seconds\":0}", keys, 1, &v), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                                     "\"max_token_age_seconds\":-5}", keys, 1, &v), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"],"
                                     "\"max_token_age_seconds\":\"1h\"}", keys, 1, &v), KR_JWT_STATUS_INVALID_JSON);

    /* result -> validator with a maximum age */
    b = std_builder(key, "HS256");
    r = build(b);
    if (r != NULL) {
        CHECK_OK(kr_jwt_result_validator_with_options(r, "{\"max_token_age_seconds\":60}", &v));
        token = get_token(r);
        if (v != NULL && token != NULL) {
            CHECK_OK(kr_jwt_validate(v, token, NULL));
            CHECK_OK(kr_jwt_validator_params(v, &params));
            CHECK(json_has(params, "max_token_age_seconds", "60") || json_has(params, "max_token_age_seconds", "60.0"));
            kr_jwt_string_free(params);
        }
        kr_jwt_string_free(token);
        kr_jwt_validator_free(v);
    }
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);

    kr_jwt_validator_free(plain);
    kr_jwt_validator_free(aged);
    kr_jwt_key_free(key);
}

static void report_tamper(const char *what, KrJwtStatus s)
{
    printf("   tampered %s -> %d (%s)\n", what, (int)s, kr_jwt_status_name(s));
}

static void test_tampering(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    char *token = get_token(r);
    char *copy;
    char *claims;
    KrJwtStatus s;

    if (v == NULL || token == NULL) {
        goto done;
    }
    CHECK_OK(kr_jwt_validate(v, token, NULL));

    /* header: middle character */
    copy = flip_in_segment(token, 0, -1);
    CHECK(strcmp(copy, token) != 0);
    claims = SENTINEL;
    s = kr_jwt_validate(v, copy, &claims);
    report_tamper("header", s);
    CHECK(s == KR_JWT_STATUS_MALFORMED_TOKEN || s == KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(kr_jwt_last_error()[0] != '\0');
    CHECK(claims == NULL);
    free(copy);

    /* header: first character ('e' of "eyJ") */
    copy = flip_in_segment(token, 0, 0);
    s = kr_jwt_validate(v, copy, NULL);
    report_tamper("header[0]", s);
    CHECK(s == KR_JWT_STATUS_MALFORMED_TOKEN || s == KR_JWT_STATUS_INVALID_SIGNATURE);
    free(copy);

    /* payload: middle character */
    copy = flip_in_segment(token, 1, -1);
    CHECK(strcmp(copy, token) != 0);
    s = kr_jwt_validate(v, copy, NULL);
    report_tamper("payload", s);
    CHECK(s == KR_JWT_STATUS_MALFORMED_TOKEN || s == KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(kr_jwt_last_error()[0] != '\0');
    free(copy);

    /* signature: middle character */
    copy = flip_in_segment(token, 2, -1);
    CHECK(strcmp(copy, token) != 0);
    s = kr_jwt_validate(v, copy, NULL);
    report_tamper("signature", s);
    CHECK(s == KR_JWT_STATUS_INVALID_SIGNATURE || s == KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK(kr_jwt_last_error()[0] != '\0');
    free(copy);

    /* signature: first character */
    copy = flip_in_segment(token, 2, 0);
    s = kr_jwt_validate(v, copy, NULL);
    report_tamper("signature[0]", s);
    CHECK(s == KR_JWT_STATUS_INVALID_SIGNATURE || s == KR_JWT_STATUS_MALFORMED_TOKEN);
    free(copy);

    /*
     * signature: last character changed in its unused low bits only; the bytes decode the same, so
     * accepting it would make tokens malleable. HS256 signatures are 43 characters, 2 spare bits.
     */
    copy = noncanonical_last_char(token);
    CHECK(strcmp(copy, token) != 0);
    s = kr_jwt_validate(v, copy, NULL);
    report_tamper("signature, non-canonical last char", s);
    CHECK(s == KR_JWT_STATUS_INVALID_SIGNATURE || s == KR_JWT_STATUS_MALFORMED_TOKEN);
    free(copy);

    /* unsigned token: {"alg":"none","typ":"JWT"} . {"iss":ISSUER} . (empty) */
    s = kr_jwt_validate(v, "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2lzc3Vlci5leGFtcGxlLnRlc3QifQ.",
                        NULL);
    report_tamper("alg none", s);
    CHECK(s != KR_JWT_STATUS_OK);
    CHECK(kr_jwt_last_error()[0] != '\0');

    /* two segments: header.payload (signature dropped) */
    copy = dup_string(token);
    *strrchr(copy, '.') = '\0';
    CHECK(has_segments(copy, 2));
    CHECK_FAILS(kr_jwt_validate(v, copy, NULL), KR_JWT_STATUS_MALFORMED_TOKEN);
    free(copy);

    /* four segments: token + ".extra" */
    {
        size_t n = strlen(token);

        copy = malloc(n + 7);
        CHECK(copy != NULL);
        if (copy != NULL) {
            memcpy(copy, token, n);
            memcpy(copy + n, ".extra", 7);
            CHECK(has_segments(copy, 4));
            CHECK_FAILS(kr_jwt_validate(v, copy, NULL), KR_JWT_STATUS_MALFORMED_TOKEN);
            free(copy);
        }
    }

    /* empty string and a single dot-less word */
    CHECK_FAILS(kr_jwt_validate(v, "", NULL), KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK_FAILS(kr_jwt_validate(v, "garbage", NULL), KR_JWT_STATUS_MALFORMED_TOKEN);

done:
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_expiry(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b;
    KrJwtResult *r;
    KrJwtValidator *v;
    char *token;
    char *claims;


    /* not before now - 7200, valid 60 s -> expired long ago */
    b = std_builder(key, "HS256");
    if (b != NULL) {
        CHECK_OK(kr_jwt_builder_limit_not_before_at(b, now_seconds() - 7200));
        CHECK_OK(kr_jwt_builder_limit_validity(b, 60.0));
    }
    r = build(b);
    v = result_validator(r);
    token = get_token(r);
    if (v != NULL && token != NULL) {
        claims = SENTINEL;
        CHECK_FAILS(kr_jwt_validate(v, token, &claims), KR_JWT_STATUS_TOKEN_EXPIRED);
        CHECK(claims == NULL);
    }
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);

    /* not before build time + 3600 -> not yet valid */
    b = std_builder(key, "HS256");
    if (b != NULL) {
        CHECK_OK(kr_jwt_builder_limit_not_before_offset(b, 3600.0));
    }
    r = build(b);
    v = result_validator(r);
    token = get_token(r);
    if (v != NULL && token != NULL) {
        CHECK_FAILS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_TOKEN_NOT_YET_VALID);
    }
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);

    kr_jwt_key_free(key);
}

/* Round trip with the given key/alg; checks result_json "algorithm" equals expected_alg. */
static void round_trip_key(const KrJwtKey *key, const char *alg, const char *expected_alg)
{
    char expected[64];
    KrJwtBuilder *b = std_builder(key, alg);
    KrJwtResult *r;
    KrJwtValidator *v;
    char *token;
    char *json;

    r = build(b);
    v = result_validator(r);
    token = get_token(r);
    json = get_json(r);
    snprintf(expected, sizeof expected, "\"%s\"", expected_alg);
    if (!json_has(json, "algorithm", expected)) {
        printf("   alg %s: result_json = %s\n", alg != NULL ? alg : "(NULL)", json != NULL ? json : "(null)");
    }
    CHECK(json_has(json, "algorithm", expected));
    CHECK(json_has(json, "alg", expected)); /* header.alg */
    if (v != NULL && token != NULL) {
        CHECK_OK(kr_jwt_validate(v, token, NULL));
    }
    kr_jwt_string_free(json);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
}

static void round_trip(const char *hex, const char *alg, const char *expected_alg)
{
    KrJwtKey *key = import_hex(hex);

    round_trip_key(key, alg, expected_alg);
    kr_jwt_key_free(key);
}

static void test_other_algorithms(void)
{
    round_trip(KEY48, "HS384", "HS384");
    round_trip(KEY64, "HS512", "HS512");
    round_trip(KEY64, "Auto", "HS512");
    round_trip(KEY64, NULL, "HS512"); /* NULL algorithm means Auto */
}

static void test_renew_reissue(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtBuilder *eb = std_builder(key, "HS256");
    KrJwtResult *r = NULL;
    KrJwtResult *er = NULL;
    KrJwtResult *renewed;
    KrJwtValidator *v = NULL;
    char *token = NULL;
    char *expired = NULL;
    char *claims = NULL;
    char *json;
    char *new_token;

    if (b == NULL || eb == NULL) {
        goto done;
    }
    CHECK_OK(kr_jwt_builder_add_claim(b, "department", "engineering"));
    r = build(b);
    v = result_validator(r);
    token = get_token(r);
    CHECK_OK(kr_jwt_builder_limit_not_before_at(eb, now_seconds() - 7200));
    CHECK_OK(kr_jwt_builder_limit_validity(eb, 60.0));
    er = build(eb);
    expired = get_token(er);
    if (v == NULL || token == NULL || expired == NULL) {
        goto done;
    }

    /* renew a valid token: new token, same subject and custom claims, still valid */
    renewed = NULL;
    CHECK_OK(kr_jwt_builder_renew(b, v, token, 0.0, 0.0, &renewed));
    new_token = get_token(renewed);
    json = get_json(renewed);
    CHECK(has_segments(new_token, 3));
    CHECK(new_token != NULL && strcmp(new_token, token) != 0);
    CHECK(json_has(json, "subject", "\"" SUBJECT "\""));
    CHECK(json_has(json, "department", "\"engineering\""));
    CHECK(json_has_key(json, "jti"));
    if (new_token != NULL) {
        CHECK_OK(kr_jwt_validate(v, new_token, NULL));
    }
    kr_jwt_string_free(json);
    kr_jwt_string_free(new_token);
    kr_jwt_result_free(renewed);

    /* an expired token is refused with the validation status, unless within the grace period */
    renewed = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_renew(b, v, expired, 0.0, 0.0, &renewed), KR_JWT_STATUS_TOKEN_EXPIRED);
    CHECK(renewed == NULL);
    renewed = NULL;
    CHECK_OK(kr_jwt_builder_renew(b, v, expired, 600.0, 10000.0, &renewed));
    json = get_json(renewed);
    CHECK(json_has(json, "subject", "\"" SUBJECT "\""));
    kr_jwt_string_free(json);
    new_token = get_token(renewed);
    if (new_token != NULL) {
        CHECK_OK(kr_jwt_validate(v, new_token, NULL));
    }
    kr_jwt_string_free(new_token);
    kr_jwt_result_free(renewed);

    /* reissue from validated claims */
    CHECK_OK(kr_jwt_validate(v, token, &claims));
    if (claims != NULL) {
        renewed = NULL;
        CHECK_OK(kr_jwt_builder_reissue(b, claims, 0.0, &renewed));
        json = get_json(renewed);
        CHECK(json_has(json, "subject", "\"" SUBJECT "\""));
        CHECK(json_has(json, "department", "\"engineering\""));
        kr_jwt_string_free(json);
        kr_jwt_result_free(renewed);
    }
    renewed = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_reissue(b, "{not json", 0.0, &renewed), KR_JWT_STATUS_INVALID_JSON);
    CHECK(renewed == NULL);

done:
    kr_jwt_string_free(claims);
    kr_jwt_string_free(expired);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(er);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(eb);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_generated_keys(void)
{
    KrJwtKey *hmac = NULL;
    KrJwtKey *ec = NULL;
    KrJwtKey *k;
    const KrJwtKey *keys[1];
    char *info = NULL;
    char *thumb = NULL;
    char *text;
    char *token;

    CHECK_OK(kr_jwt_key_generate("HMAC", 256, &hmac));
    CHECK(hmac != NULL);
    if (hmac != NULL) {
        CHECK_OK(kr_jwt_key_info(hmac, &info));
        CHECK(json_has(info, "bits", "256"));
        kr_jwt_string_free(info);

        CHECK_OK(kr_jwt_key_thumbprint(hmac, &thumb));
        CHECK(is_base64url(thumb) && strlen(thumb) == 43); /* SHA-256, base64url, no padding */
        kr_jwt_string_free(thumb);

        /* a secret is exported only when private members are asked for */
        text = SENTINEL;
        CHECK(kr_jwt_key_export(hmac, KR_JWT_KEY_FORMAT_JWK, false, &text) != KR_JWT_STATUS_OK);
        CHECK(kr_jwt_last_error()[0] != '\0');
        CHECK(text == NULL);
        text = NULL;
        CHECK_OK(kr_jwt_key_export(hmac, KR_JWT_KEY_FORMAT_JWK, true, &text));
        CHECK(json_has(text, "kty", "\"oct\"") && json_has_key(text, "k"));
        kr_jwt_string_free(text);

        /* a JWK Set never carries secrets */
        keys[0] = hmac;
        text = SENTINEL;
        CHECK(kr_jwt_jwks_export(keys, 1, &text) != KR_JWT_STATUS_OK);
        CHECK(text == NULL);

        /* a generated secret signs and verifies */
        token = std_token(hmac, "HS256");
        CHECK(has_segments(token, 3));
        if (token != NULL) {
            KrJwtValidator *v = NULL;

            CHECK_OK(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"]}",
                                          keys, 1, &v));
            CHECK_OK(kr_jwt_validate(v, token, NULL));
            kr_jwt_validator_free(v);
        }
        free(token);
    }

    CHECK_OK(kr_jwt_key_generate("EC", 256, &ec));
    CHECK(ec != NULL);
    if (ec != NULL) {
        text = NULL;
        CHECK_OK(kr_jwt_key_export(ec, KR_JWT_KEY_FORMAT_PEM, false, &text));
        CHECK(text != NULL && strncmp(text, "-----BEGIN PUBLIC KEY-----", 26) == 0);
        CHECK(text != NULL && strstr(text, "PRIVATE") == NULL);
        kr_jwt_string_free(text);

        keys[0] = ec;
        text = NULL;
        CHECK_OK(kr_jwt_jwks_export(keys, 1, &text));
        CHECK(json_has(text, "kty", "\"EC\"") && !json_has_key(text, "d"));
        kr_jwt_string_free(text);

        round_trip_key(ec, "ES256", "ES256");
    }

    /* bad generation requests */
    k = SENTINEL;
    CHECK_FAILS(kr_jwt_key_generate("NoSuchKind", 256, &k), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(k == NULL);
    k = SENTINEL;
    CHECK(kr_jwt_key_generate("HMAC", 64, &k) != KR_JWT_STATUS_OK);
    CHECK(kr_jwt_key_generate("HMAC", 130, &k) != KR_JWT_STATUS_OK);
    CHECK(k == NULL);

    kr_jwt_key_free(ec);
    kr_jwt_key_free(hmac);
}

static void test_bad_input(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtKey *k;
    KrJwtBuilder *b = NULL;
    KrJwtResult *r;
    KrJwtStatus s;
    char err[1024];


    /* odd-length hex */
    k = SENTINEL;
    CHECK_FAILS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)"abc", 3, &k),
                KR_JWT_STATUS_INVALID_KEY);
    CHECK(k == NULL);

    /* non-hex characters (even length) */
    {
        static const char nonhex[] = "zz112233445566778899aabbccddeeff0123456789abcdef0123456789abcdeg";

        k = SENTINEL;
        CHECK_FAILS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)nonhex, strlen(nonhex), &k),
                    KR_JWT_STATUS_INVALID_KEY);
        copy_last_error(err, sizeof err);
        CHECK(strstr(err, nonhex) == NULL); /* messages never contain key material */
        CHECK(k == NULL);
    }

    /* 16-byte key with HS256: rejected at protect (or, at the latest, at build) */
    {
        KrJwtKey *short_key = import_hex(KEY16);

        CHECK_OK(kr_jwt_builder_new(&b));
        if (b != NULL && short_key != NULL) {
            CHECK_OK(kr_jwt_builder_set_issuer(b, ISSUER));
            s = kr_jwt_builder_protect(b, short_key, "HS256", NULL);
            if (s == KR_JWT_STATUS_OK) {
                printf("   note: 16-byte key accepted by protect; expecting KEY_TOO_SHORT from build\n");
                r = SENTINEL;
                s = kr_jwt_builder_build(b, &r);
                CHECK(r == NULL);
                if (s == KR_JWT_STATUS_OK) {
                    kr_jwt_result_free(r);
                }
            }
            CHECK_FAILS(s, KR_JWT_STATUS_KEY_TOO_SHORT);
            copy_last_error(err, sizeof err);
            CHECK(strstr(err, KEY16) == NULL);
        }
        kr_jwt_builder_free(b);
        kr_jwt_key_free(short_key);
        b = NULL;
    }

    CHECK_OK(kr_jwt_builder_new(&b));
    if (b == NULL || key == NULL) {
        kr_jwt_builder_free(b);
        kr_jwt_key_free(key);
        return;
    }

    /* unknown algorithm */
    CHECK_FAILS(kr_jwt_builder_protect(b, key, "HS999", NULL), KR_JWT_STATUS_UNKNOWN_ALGORITHM);

    /* build without protect */
    CHECK_OK(kr_jwt_builder_set_issuer(b, ISSUER));
    r = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_build(b, &r), KR_JWT_STATUS_NOT_PROTECTED);
    CHECK(r == NULL);

    /* empty issuer */
    CHECK_FAILS(kr_jwt_builder_set_issuer(b, ""), KR_JWT_STATUS_INVALID_ARGUMENT);

    /* validity must be a positive finite number */
    CHECK_FAILS(kr_jwt_builder_limit_validity(b, 0.0), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_limit_validity(b, -5.0), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_limit_validity(b, NAN), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_limit_validity(b, INFINITY), KR_JWT_STATUS_INVALID_ARGUMENT);

    /* invalid JSON claim value */
    CHECK_FAILS(kr_jwt_builder_add_claim_json(b, "broken", "{not json"), KR_JWT_STATUS_INVALID_JSON);
    CHECK_FAILS(kr_jwt_builder_add_claim_json(b, "broken", ""), KR_JWT_STATUS_INVALID_JSON);

    /* unknown user claim type; the type name is case-insensitive */
    CHECK_FAILS(kr_jwt_builder_add_user_claim(b, "NoSuchType", "\"x\""), KR_JWT_STATUS_UNKNOWN_CLAIM_TYPE);
    CHECK_OK(kr_jwt_builder_add_user_claim(b, "name", "\"bob\""));

    /* invalid UTF-8 */
    CHECK_FAILS(kr_jwt_builder_set_issuer(b, "\xff\xfe"), KR_JWT_STATUS_INVALID_UTF8);
    CHECK_FAILS(kr_jwt_builder_add_claim(b, "bad", "\xc3\x28"), KR_JWT_STATUS_INVALID_UTF8);
    {
        KrJwtValidator *v = SENTINEL;
        const KrJwtKey *keys[1];

        keys[0] = key;
        CHECK_FAILS(kr_jwt_validator_new("{\"valid_issuers\":[", keys, 1, &v), KR_JWT_STATUS_INVALID_JSON);
        CHECK(v == NULL);
    }

    /* a success afterwards clears the error and the builder still works */
    CHECK_OK(kr_jwt_builder_protect(b, key, "HS256", NULL));
    CHECK(kr_jwt_last_error()[0] == '\0');
    r = NULL;
    CHECK_OK(kr_jwt_builder_build(b, &r));
    {
        char *json = get_json(r);

        CHECK(json_has(json, "issuer", "\"" ISSUER "\""));
        kr_jwt_string_free(json);
    }
    kr_jwt_result_free(r);

    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_null_arguments(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    const KrJwtKey *keys[1];
    const KrJwtKey *null_keys[1] = {NULL};
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    char *token = get_token(r);
    KrJwtKey *k;
    KrJwtBuilder *bo;
    KrJwtResult *ro;
    KrJwtValidator *vo;
    char *s;
    KrJwtStatus statuses[2];
    const char *tokens[2];

    if (key == NULL || b == NULL || r == NULL || v == NULL || token == NULL) {
        CHECK(0 && "fixtures for NULL tests");
        goto done;
    }
    keys[0] = key;

    /* free functions: NULL is a no-op */
    kr_jwt_string_free(NULL);
    kr_jwt_key_free(NULL);
    kr_jwt_builder_free(NULL);
    kr_jwt_result_free(NULL);
    kr_jwt_validator_free(NULL);
    CHECK(1); /* reached: no crash */

    /* keys */
    k = SENTINEL;
    CHECK_FAILS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, NULL, 64, &k), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(k == NULL);
    CHECK_FAILS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)KEY32_A, 64, NULL),
                KR_JWT_STATUS_NULL_ARGUMENT);
    k = SENTINEL;
    CHECK_FAILS(kr_jwt_key_copy(NULL, &k), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(k == NULL);
    CHECK_FAILS(kr_jwt_key_copy(key, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_key_info(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_key_info(key, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    k = SENTINEL;
    CHECK_FAILS(kr_jwt_key_generate(NULL, 256, &k), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(k == NULL);
    CHECK_FAILS(kr_jwt_key_generate("HMAC", 256, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_key_export(NULL, KR_JWT_KEY_FORMAT_JWK, true, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_key_export(key, KR_JWT_KEY_FORMAT_JWK, true, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_key_thumbprint(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_key_thumbprint(key, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_jwks_export(NULL, 1, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_jwks_export(null_keys, 1, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_jwks_export(keys, 1, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

    /* builder */
    CHECK_FAILS(kr_jwt_builder_new(NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    bo = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_copy(NULL, &bo), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(bo == NULL);
    CHECK_FAILS(kr_jwt_builder_copy(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_set_issuer(NULL, ISSUER), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_set_issuer(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_audience(NULL, AUDIENCE_1), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_audience(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_set_subject(NULL, SUBJECT), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_set_subject(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim(NULL, "n", "v"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim(b, NULL, "v"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim(b, "n", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim_json(NULL, "n", "1"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim_json(b, NULL, "1"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_claim_json(b, "n", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_user_claim(NULL, "Name", "\"a\""), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_user_claim(b, NULL, "\"a\""), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_user_claim(b, "Name", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_header(NULL, "x-test", "1"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_header(b, NULL, "1"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_add_header(b, "x-test", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_protect(NULL, key, "HS256", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_protect(b, NULL, "HS256", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    /* algorithm and kid are nullable */
    CHECK_OK(kr_jwt_builder_protect(b, key, NULL, NULL));
    CHECK_OK(kr_jwt_builder_protect(b, key, "HS256", NULL));
    CHECK_FAILS(kr_jwt_builder_limit_validity(NULL, 60.0), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_limit_not_before_at(NULL, now_seconds()), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_limit_not_before_offset(NULL, 0.0), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_state(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_builder_state(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_build(NULL, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    CHECK_FAILS(kr_jwt_builder_build(b, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_renew(NULL, v, token, 0.0, 0.0, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_renew(b, NULL, token, 0.0, 0.0, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_renew(b, v, NULL, 0.0, 0.0, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    CHECK_FAILS(kr_jwt_builder_renew(b, v, token, 0.0, 0.0, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_reissue(NULL, "{}", 0.0, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_builder_reissue(b, NULL, 0.0, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    CHECK_FAILS(kr_jwt_builder_reissue(b, "{}", 0.0, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

    /* result */
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_result_token(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_result_token(r, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_result_json(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_result_json(r, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    ro = SENTINEL;
    CHECK_FAILS(kr_jwt_result_copy(NULL, &ro), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(ro == NULL);
    CHECK_FAILS(kr_jwt_result_copy(r, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    vo = SENTINEL;
    CHECK_FAILS(kr_jwt_result_validator(NULL, 60.0, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(vo == NULL);
    CHECK_FAILS(kr_jwt_result_validator(r, 60.0, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

    /* validator */
    vo = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new(NULL, NULL, 1, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(vo == NULL);
    vo = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new(NULL, null_keys, 1, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(vo == NULL);
    CHECK_FAILS(kr_jwt_validator_new(NULL, keys, 1, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    /* params_json is nullable (defaults, which need a valid issuer: see test_issuer_audience_required) */
    vo = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_new(NULL, keys, 1, &vo), KR_JWT_STATUS_MISSING_VALID_ISSUER);
    CHECK(vo == NULL);
    vo = NULL;
    CHECK_OK(kr_jwt_validator_new("{\"valid_issuers\":[\"" ISSUER "\"],\"valid_audiences\":[\"" AUDIENCE_1 "\"]}", keys, 1, &vo));
    kr_jwt_validator_free(vo);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_params(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_validator_params(v, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    vo = SENTINEL;
    CHECK_FAILS(kr_jwt_validator_copy(NULL, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(vo == NULL);
    CHECK_FAILS(kr_jwt_validator_copy(v, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

    /* validate */
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_validate(NULL, token, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_validate(v, NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_OK(kr_jwt_validate(v, token, NULL)); /* claims_json_out is nullable */

    /* batch */
    tokens[0] = token;
    tokens[1] = token;
    CHECK_FAILS(kr_jwt_validate_batch(NULL, tokens, 2, statuses), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validate_batch(v, NULL, 2, statuses), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validate_batch(v, tokens, 2, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    {
        /* count 0: nothing to evaluate; either OK or NULL_ARGUMENT is acceptable, but no crash */
        KrJwtStatus zero = kr_jwt_validate_batch(v, NULL, 0, NULL);

        printf("   validate_batch(v, NULL, 0, NULL) -> %d (%s)\n", (int)zero, kr_jwt_status_name(zero));
        CHECK(zero == KR_JWT_STATUS_OK || zero == KR_JWT_STATUS_NULL_ARGUMENT);
    }
    /* a NULL element gives that element NULL_ARGUMENT; the call itself evaluated every token */
    tokens[0] = NULL;
    tokens[1] = token;
    statuses[0] = (KrJwtStatus)-1;
    statuses[1] = (KrJwtStatus)-1;
    CHECK_OK(kr_jwt_validate_batch(v, tokens, 2, statuses));
    CHECK_STATUS(statuses[0], KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(statuses[1], KR_JWT_STATUS_OK);

    /* decode */
    s = SENTINEL;
    CHECK_FAILS(kr_jwt_decode(NULL, &s), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(s == NULL);
    CHECK_FAILS(kr_jwt_decode(token, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

done:
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_batch(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtBuilder *eb = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtResult *er;
    KrJwtValidator *v = result_validator(r);
    char *valid = get_token(r);
    char *expired;
    char *tampered = NULL;
    const char *tokens[4];
    KrJwtStatus statuses[4] = {(KrJwtStatus)-1, (KrJwtStatus)-1, (KrJwtStatus)-1, (KrJwtStatus)-1};
    int i;

    if (eb != NULL) {
        CHECK_OK(kr_jwt_builder_limit_not_before_at(eb, now_seconds() - 7200));
        CHECK_OK(kr_jwt_builder_limit_validity(eb, 60.0));
    }
    er = build(eb);
    expired = get_token(er);
    if (v == NULL || valid == NULL || expired == NULL) {
        goto done;
    }
    tampered = flip_in_segment(valid, 2, -1);

    tokens[0] = valid;
    tokens[1] = tampered;
    tokens[2] = expired;
    tokens[3] = "this is not a token";
    CHECK_OK(kr_jwt_validate_batch(v, tokens, 4, statuses));
    for (i = 0; i < 4; i++) {
        printf("   batch[%d] -> %d (%s)\n", i, (int)statuses[i], kr_jwt_status_name(statuses[i]));
    }
    CHECK_STATUS(statuses[0], KR_JWT_STATUS_OK);
    CHECK(statuses[1] == KR_JWT_STATUS_INVALID_SIGNATURE || statuses[1] == KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK_STATUS(statuses[2], KR_JWT_STATUS_TOKEN_EXPIRED);
    CHECK_STATUS(statuses[3], KR_JWT_STATUS_MALFORMED_TOKEN);

    /* batch results agree with single validation */
    for (i = 0; i < 4; i++) {
        CHECK_STATUS(kr_jwt_validate(v, tokens[i], NULL), statuses[i]);
    }

    /* a non-UTF-8 element gets INVALID_UTF8; the others are still evaluated */
    tokens[1] = "\xff\xfe.\xff.\xff";
    for (i = 0; i < 4; i++) {
        statuses[i] = (KrJwtStatus)-1;
    }
    CHECK_OK(kr_jwt_validate_batch(v, tokens, 4, statuses));
    CHECK_STATUS(statuses[0], KR_JWT_STATUS_OK);
    CHECK_STATUS(statuses[1], KR_JWT_STATUS_INVALID_UTF8);
    CHECK_STATUS(statuses[2], KR_JWT_STATUS_TOKEN_EXPIRED);
    CHECK_STATUS(statuses[3], KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK_FAILS(kr_jwt_validate(v, tokens[1], NULL), KR_JWT_STATUS_INVALID_UTF8);

done:
    free(tampered);
    kr_jwt_string_free(expired);
    kr_jwt_string_free(valid);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(er);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(eb);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_decode(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    char *token = std_token(key, "HS256");
    char *info = NULL;

    kr_jwt_key_free(key); /* decode needs no key */
    if (token == NULL) {
        return;
    }
    CHECK_OK(kr_jwt_decode(token, &info));
    CHECK(json_has_key(info, "header"));
    CHECK(json_has(info, "issuer", "\"" ISSUER "\""));
    CHECK(json_has(info, "subject", "\"" SUBJECT "\""));
    CHECK(json_has(info, "algorithm", "\"HS256\""));
    CHECK(json_has(info, "encrypted", "false"));
    kr_jwt_string_free(info);

    info = SENTINEL;
    CHECK_FAILS(kr_jwt_decode("abc", &info), KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK(info == NULL);
    free(token);
}

static void test_copy_independence(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtBuilder *c = NULL;
    KrJwtResult *rb;
    KrJwtResult *rc;
    KrJwtResult *rcopy = NULL;
    char *jb;
    char *jc;
    char *jcopy;

    kr_jwt_key_free(key);
    if (b == NULL) {
        return;
    }
    CHECK_OK(kr_jwt_builder_copy(b, &c));
    CHECK(c != NULL && c != b);
    if (c == NULL) {
        kr_jwt_builder_free(b);
        return;
    }
    CHECK_OK(kr_jwt_builder_set_issuer(c, "https://copy.example.test"));
    rb = build(b);
    rc = build(c);
    jb = get_json(rb);
    jc = get_json(rc);
    CHECK(json_has(jb, "issuer", "\"" ISSUER "\""));
    CHECK(!json_has(jb, "issuer", "\"https://copy.example.test\""));
    CHECK(json_has(jc, "issuer", "\"https://copy.example.test\""));
    CHECK(!json_has(jc, "issuer", "\"" ISSUER "\""));
    /* the copy carried the rest of the state */
    CHECK(json_has(jc, "subject", "\"" SUBJECT "\""));
    CHECK(json_has(jc, "algorithm", "\"HS256\""));

    /* result copy outlives its original */
    if (rb != NULL) {
        CHECK_OK(kr_jwt_result_copy(rb, &rcopy));
        CHECK(rcopy != NULL && rcopy != rb);
        kr_jwt_result_free(rb);
        rb = NULL;
        jcopy = get_json(rcopy);
        CHECK(json_has(jcopy, "issuer", "\"" ISSUER "\""));
        kr_jwt_string_free(jcopy);
        kr_jwt_result_free(rcopy);
    }

    kr_jwt_string_free(jc);
    kr_jwt_string_free(jb);
    kr_jwt_result_free(rc);
    kr_jwt_result_free(rb);
    kr_jwt_builder_free(c);
    kr_jwt_builder_free(b);
}

static void test_bearer(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    char *token = get_token(r);
    char header[4096];
    char *principal = NULL;
    char *challenge = NULL;
    KrJwtValidator *skewed = NULL;
    bool satisfied = true;

    if (key == NULL || b == NULL || r == NULL || v == NULL || token == NULL) {
        CHECK(0 && "fixtures for bearer tests");
        goto done;
    }

    /* a valid header, scheme case-insensitive */
    snprintf(header, sizeof header, "bearer %s", token);
    if (CHECK_OK(kr_jwt_authenticate(v, header, &principal, &challenge))) {
        CHECK(json_has_key(principal, "claims"));
        CHECK(json_has(principal, "subject", "\"" SUBJECT "\""));
        CHECK(json_has_key(principal, "payload"));
        CHECK(challenge == NULL);
        CHECK_OK(kr_jwt_policy_check(principal, "{\"claim_type\":\"sub\",\"allowed_values\":[\"" SUBJECT "\"]}",
                                     &satisfied, NULL));
        CHECK(satisfied);
        CHECK_OK(kr_jwt_policy_check(principal, "{\"claim_type\":\"role\",\"allowed_values\":[\"admin\"]}", &satisfied,
                                     &challenge));
        CHECK(!satisfied);
        CHECK(challenge != NULL && strstr(challenge, "insufficient_scope") != NULL);
        kr_jwt_string_free(challenge);
        challenge = NULL;
        CHECK_STATUS(kr_jwt_policy_check(principal, "{\"claim_type\":1}", &satisfied, NULL), KR_JWT_STATUS_INVALID_JSON);
    }
    kr_jwt_string_free(principal);
    principal = NULL;

    /* failures carry an RFC 6750 challenge */
    snprintf(header, sizeof header, "Bearer %sx", token); /* a 44th signature character: 33 bytes */
    CHECK_FAILS(kr_jwt_authenticate(v, header, &principal, &challenge), KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(principal == NULL);
    CHECK(challenge != NULL && strstr(challenge, "error=\"invalid_token\"") != NULL);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "", &principal, &challenge), KR_JWT_STATUS_MISSING_TOKEN);
    CHECK(challenge != NULL && strcmp(challenge, "Bearer") == 0);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "Bearer a b", &principal, &challenge), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(challenge != NULL && strstr(challenge, "error=\"invalid_request\"") != NULL);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "Bearer \xc3\xa9", &principal, NULL), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_authenticate(v, "Basic YWRtaW46cGFzc3dvcmQ=", &principal, NULL), KR_JWT_STATUS_MISSING_TOKEN);

    /* claims -> principal */
    CHECK_OK(kr_jwt_claims_principal("{\"unique_name\":\"alice\",\"role\":[\"admin\",\"ops\"]}", &principal));
    CHECK(principal != NULL && json_has(principal, "name", "\"alice\""));
    kr_jwt_string_free(principal);
    principal = NULL;
    CHECK_STATUS(kr_jwt_claims_principal("[1]", &principal), KR_JWT_STATUS_INVALID_JSON);

    /* a copy with another clock skew */
    CHECK_OK(kr_jwt_validator_with_clock_skew(v, 300.0, &skewed));
    CHECK_OK(kr_jwt_validate(skewed, token, NULL));
    kr_jwt_validator_free(skewed);
    skewed = NULL;
    CHECK_STATUS(kr_jwt_validator_with_clock_skew(v, -1.0, &skewed), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(skewed == NULL);

    /* NULL in every pointer position */
    CHECK_STATUS(kr_jwt_authenticate(NULL, header, &principal, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_authenticate(v, NULL, &principal, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_authenticate(v, header, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_claims_principal(NULL, &principal), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_claims_principal("{}", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check(NULL, "{}", &satisfied, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check("{}", NULL, &satisfied, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check("{}", "{\"claim_type\":\"x\"}", NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_with_clock_skew(NULL, 1.0, &skewed), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_with_clock_skew(v, 1.0, NULL), KR_JWT_STATUS_NULL_ARGUMENT);

done:
    kr_jwt_validator_free(skewed);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}

static void test_huge_and_empty_strings(void)
{
    const size_t big = 10u * 1024u * 1024u;
    char *huge = malloc(big + 1);
    char *huge_json = malloc(big + 3);
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    KrJwtKey *k = NULL;
    char *s = NULL;

    if (huge == NULL || huge_json == NULL || key == NULL || b == NULL || v == NULL) {
        CHECK(0 && "fixtures for huge strings");
        goto done;
    }
    memset(huge, 'a', big);
    huge[big] = '\0';
    huge_json[0] = '"';
    memset(huge_json + 1, 'b', big);
    huge_json[big + 1] = '"';
    huge_json[big + 2] = '\0';

    /* 10 MB inputs: refused with a short message, never a crash */
    CHECK_STATUS(kr_jwt_builder_set_issuer(b, huge), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(strlen(kr_jwt_last_error()) < 400);
    CHECK_STATUS(kr_jwt_builder_add_audience(b, huge), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_validate(v, huge, NULL), KR_JWT_STATUS_TOKEN_TOO_LARGE);
    CHECK_STATUS(kr_jwt_decode(huge, &s), KR_JWT_STATUS_TOKEN_TOO_LARGE);
    CHECK_STATUS(kr_jwt_builder_protect(b, key, huge, NULL), KR_JWT_STATUS_UNKNOWN_ALGORITHM);
    CHECK(strlen(kr_jwt_last_error()) < 600);
    CHECK_STATUS(kr_jwt_builder_protect(b, key, "HS256", huge), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_JWK, (const uint8_t *)huge, big, &k), KR_JWT_STATUS_INVALID_KEY);
    CHECK_STATUS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_PEM, (const uint8_t *)huge, big, &k), KR_JWT_STATUS_INVALID_KEY);
    /* a 10 MB claim value is data like any other: accepted, and the token it makes is over the size cap */
    if (CHECK_OK(kr_jwt_builder_add_claim_json(b, "blob", huge_json))) {
        KrJwtResult *rr = NULL;
        char *t = NULL;
        if (CHECK_OK(kr_jwt_builder_build(b, &rr)) && CHECK_OK(kr_jwt_result_token(rr, &t))) {
            CHECK_STATUS(kr_jwt_validate(v, t, NULL), KR_JWT_STATUS_TOKEN_TOO_LARGE);
        }
        kr_jwt_string_free(t);
        kr_jwt_result_free(rr);
    }
    CHECK_STATUS(kr_jwt_authenticate(v, huge, &s, NULL), KR_JWT_STATUS_TOKEN_TOO_LARGE);

    /* empty strings */
    CHECK_STATUS(kr_jwt_builder_add_audience(b, ""), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_builder_set_subject(b, ""), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_builder_add_claim(b, "", "x"), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_OK(kr_jwt_builder_add_claim(b, "empty", ""));
    CHECK_STATUS(kr_jwt_builder_add_header(b, "", "1"), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_builder_protect(b, key, "", NULL), KR_JWT_STATUS_UNKNOWN_ALGORITHM);
    CHECK_STATUS(kr_jwt_builder_protect(b, key, "HS256", ""), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_STATUS(kr_jwt_validate(v, "", NULL), KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK_STATUS(kr_jwt_decode("", &s), KR_JWT_STATUS_MALFORMED_TOKEN);
    CHECK_STATUS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)"", 0, &k), KR_JWT_STATUS_INVALID_KEY);
    CHECK_STATUS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_JWK, NULL, 0, &k), KR_JWT_STATUS_INVALID_KEY);
    CHECK_STATUS(kr_jwt_key_generate("", 256, &k), KR_JWT_STATUS_INVALID_ARGUMENT);
    {
        KrJwtValidator *vo = NULL;
        CHECK_STATUS(kr_jwt_validator_new("", NULL, 0, &vo), KR_JWT_STATUS_INVALID_JSON);
        CHECK(vo == NULL);
    }
    CHECK_STATUS(kr_jwt_claims_principal("", &s), KR_JWT_STATUS_INVALID_JSON);
    CHECK(k == NULL && s == NULL);

done:
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
    free(huge_json);
    free(huge);
}

/* Every algorithm through the C ABI: generated keys, sign, validate, tamper, public-key-only validator. */
static void test_every_algorithm(void)
{
    static const struct {
        const char *kind;
        uint32_t bits;
        const char *algs[6];
    } cases[] = {
        {"HMAC", 512, {"HS256", "HS384", "HS512", NULL}},
        {"RSA", 2048, {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}},
        {"EC", 256, {"ES256", NULL}},
        {"EC", 384, {"ES384", NULL}},
        {"EC", 521, {"ES512", NULL}},
        {"secp256k1", 0, {"ES256K", NULL}},
        {"Ed25519", 0, {"EdDSA", NULL}},
    };
    size_t i, j;
    int algorithms = 0;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        KrJwtKey *key = NULL;
        KrJwtKey *public_key = NULL;
        char *pem = NULL;
        if (!CHECK_OK(kr_jwt_key_generate(cases[i].kind, cases[i].bits, &key))) {
            continue;
        }
        if (strcmp(cases[i].kind, "HMAC") != 0 && CHECK_OK(kr_jwt_key_export(key, KR_JWT_KEY_FORMAT_PEM, false, &pem))) {
            CHECK_OK(kr_jwt_key_import(KR_JWT_KEY_FORMAT_PEM, (const uint8_t *)pem, strlen(pem), &public_key));
        }
        for (j = 0; j < 6 && cases[i].algs[j] != NULL; j++) {
            const char *alg = cases[i].algs[j];
            KrJwtBuilder *b = std_builder(key, alg);
            KrJwtResult *r = b ? build(b) : NULL;
            KrJwtValidator *v = r ? result_validator(r) : NULL;
            char *token = r ? get_token(r) : NULL;
            char *json = r ? get_json(r) : NULL;
            char expected[32];
            snprintf(expected, sizeof expected, "\"%s\"", alg);
            if (token != NULL && v != NULL && json != NULL) {
                char *bad = flip_in_segment(token, 2, 5);
                CHECK(json_has(json, "algorithm", expected));
                CHECK_OK(kr_jwt_validate(v, token, NULL));
                if (bad != NULL) {
                    CHECK(kr_jwt_validate(v, bad, NULL) != KR_JWT_STATUS_OK);
                }
                free(bad);
                if (public_key != NULL) {
                    /* a validator holding only the public key, as a resource server would */
                    const KrJwtKey *keys[1] = {public_key};
                    KrJwtValidator *pv = NULL;
                    char params[200];
                    snprintf(params, sizeof params, "{\"valid_algorithms\":[\"%s\"],\"valid_issuers\":[\"%s\"],\"valid_audiences\":[\"%s\"]}",
                             alg, ISSUER, AUDIENCE_2);
                    if (CHECK_OK(kr_jwt_validator_new(params, keys, 1, &pv))) {
                        CHECK_OK(kr_jwt_validate(pv, token, NULL));
                    }
                    kr_jwt_validator_free(pv);
                }
                algorithms++;
            }
            kr_jwt_string_free(json);
            kr_jwt_string_free(token);
            kr_jwt_validator_free(v);
            kr_jwt_result_free(r);
            kr_jwt_builder_free(b);
        }
        kr_jwt_string_free(pem);
        kr_jwt_key_free(public_key);
        kr_jwt_key_free(key);
    }
    printf("   algorithms round-tripped through the C ABI: %d\n", algorithms);
    CHECK(algorithms == 14);
}

/* Nested tokens: sign, then encrypt; validators decrypt, then validate. */
static void test_jwe(void)
{
    KrJwtKey *sign_key = import_hex(KEY32_A);
    KrJwtKey *enc_key = import_hex(KEY32_B);
    KrJwtKey *rsa = NULL;
    KrJwtBuilder *b = std_builder(sign_key, "HS256");
    KrJwtResult *r = NULL;
    KrJwtValidator *v = NULL;
    KrJwtValidator *plain = NULL;
    KrJwtValidator *vo = NULL;
    char *token = NULL;
    char *json = NULL;
    char *info = NULL;

    if (sign_key == NULL || enc_key == NULL || b == NULL) {
        CHECK(0 && "fixtures for JWE tests");
        goto done;
    }
    /* bad settings are refused at the call */
    CHECK_STATUS(kr_jwt_builder_protect_payload(b, enc_key, "RSA1_5", NULL), KR_JWT_STATUS_UNKNOWN_ALGORITHM);
    CHECK(strstr(kr_jwt_last_error(), "8725") != NULL);
    CHECK_STATUS(kr_jwt_builder_protect_payload(b, enc_key, "A128KW", NULL), KR_JWT_STATUS_INVALID_KEY);
    if (CHECK_OK(kr_jwt_key_generate("RSA", 2048, &rsa))) {
        CHECK_STATUS(kr_jwt_builder_protect_payload(b, rsa, "A256KW", NULL), KR_JWT_STATUS_ALGORITHM_KEY_MISMATCH);
        CHECK_OK(kr_jwt_builder_protect_payload(b, rsa, "RSA-OAEP-256", "A128CBC-HS256"));
    }
    /* the defaults for a 32-byte secret: dir + A256GCM */
    CHECK_OK(kr_jwt_builder_protect_payload(b, enc_key, "", NULL));
    r = build(b);
    token = r ? get_token(r) : NULL;
    json = r ? get_json(r) : NULL;
    if (token == NULL || json == NULL) {
        goto done;
    }
    CHECK(count_char(token, '.') == 4); /* dir: the encrypted-key segment is empty */
    CHECK(json_has(json, "encrypted", "true"));
    CHECK(strstr(json, "\"enc\":\"A256GCM\"") != NULL && strstr(json, "\"cty\":\"JWT\"") != NULL);
    /* the result's validator decrypts */
    v = result_validator(r);
    if (v != NULL) {
        char *claims = NULL;
        if (CHECK_OK(kr_jwt_validate(v, token, &claims))) {
            CHECK(json_has(claims, "sub", "\"" SUBJECT "\""));
        }
        kr_jwt_string_free(claims);
    }
    /* a validator without the decryption key refuses; with it, accepts; with another key, fails */
    {
        KrJwtBuilder *pb = std_builder(sign_key, "HS256");
        KrJwtResult *pr = pb ? build(pb) : NULL;
        plain = pr ? result_validator(pr) : NULL;
        kr_jwt_result_free(pr);
        kr_jwt_builder_free(pb);
    }
    if (plain != NULL) {
        const KrJwtKey *right[1] = {enc_key};
        const KrJwtKey *wrong[1] = {sign_key};
        CHECK_STATUS(kr_jwt_validate(plain, token, NULL), KR_JWT_STATUS_MALFORMED_TOKEN);
        if (CHECK_OK(kr_jwt_validator_with_decryption_keys(plain, right, 1, &vo))) {
            CHECK_OK(kr_jwt_validate(vo, token, NULL));
        }
        kr_jwt_validator_free(vo);
        vo = NULL;
        if (CHECK_OK(kr_jwt_validator_with_decryption_keys(plain, wrong, 1, &vo))) {
            CHECK_STATUS(kr_jwt_validate(vo, token, NULL), KR_JWT_STATUS_INVALID_SIGNATURE);
        }
        kr_jwt_validator_free(vo);
        vo = NULL;
        if (CHECK_OK(kr_jwt_decrypt_decode(token, right, 1, &info))) {
            CHECK(json_has_key(info, "outer_header"));
            CHECK(json_has(info, "issuer", "\"" ISSUER "\""));
        }
        kr_jwt_string_free(info);
        info = NULL;
        CHECK_STATUS(kr_jwt_decrypt_decode(token, wrong, 1, &info), KR_JWT_STATUS_INVALID_SIGNATURE);
        CHECK(info == NULL);
        /* NULLs */
        CHECK_STATUS(kr_jwt_builder_protect_payload(NULL, enc_key, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_builder_protect_payload(b, NULL, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validator_with_decryption_keys(NULL, right, 1, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validator_with_decryption_keys(plain, NULL, 1, &vo), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validator_with_decryption_keys(plain, right, 1, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validator_with_decryption_keys(plain, right, 0, &vo), KR_JWT_STATUS_INVALID_ARGUMENT);
        CHECK_STATUS(kr_jwt_decrypt_decode(NULL, right, 1, &info), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_decrypt_decode(token, NULL, 1, &info), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_decrypt_decode(token, right, 1, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_decrypt_decode("a.b.c.d", right, 1, &info), KR_JWT_STATUS_MALFORMED_TOKEN);
    }

done:
    kr_jwt_validator_free(vo);
    kr_jwt_validator_free(plain);
    kr_jwt_validator_free(v);
    kr_jwt_string_free(info);
    kr_jwt_string_free(json);
    kr_jwt_string_free(token);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(rsa);
    kr_jwt_key_free(enc_key);
    kr_jwt_key_free(sign_key);
}

/* Every key management x content encryption pair through the C ABI (10 x 6 = 60). */
static void test_jwe_all_pairs(void)
{
    static const char *key_algs[] = {"dir", "A128KW", "A192KW", "A256KW", "RSA-OAEP", "RSA-OAEP-256",
                                     "ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A192KW", "ECDH-ES+A256KW"};
    static const struct {
        const char *name;
        uint32_t key_bits;
    } encs[] = {{"A128GCM", 128}, {"A192GCM", 192}, {"A256GCM", 256},
                {"A128CBC-HS256", 256}, {"A192CBC-HS384", 384}, {"A256CBC-HS512", 512}};
    KrJwtKey *sign_key = import_hex(KEY32_A);
    KrJwtKey *rsa = NULL;
    KrJwtKey *ec = NULL;
    size_t i, j;
    int pairs = 0;

    if (sign_key == NULL || !CHECK_OK(kr_jwt_key_generate("RSA", 2048, &rsa)) ||
        !CHECK_OK(kr_jwt_key_generate("EC", 256, &ec))) {
        goto done;
    }
    for (i = 0; i < sizeof key_algs / sizeof key_algs[0]; i++) {
        for (j = 0; j < sizeof encs / sizeof encs[0]; j++) {
            const char *alg = key_algs[i];
            KrJwtKey *secret = NULL;
            const KrJwtKey *enc_key = NULL;
            KrJwtBuilder *b = NULL;
            KrJwtResult *r = NULL;
            KrJwtValidator *v = NULL;
            char *token = NULL;
            if (strcmp(alg, "dir") == 0 || alg[0] == 'A') {
                /* dir: the content key's size; AxxxKW: the wrapping key's size */
                uint32_t bits = strcmp(alg, "dir") == 0 ? encs[j].key_bits : (uint32_t)atoi(alg + 1);
                if (!CHECK_OK(kr_jwt_key_generate("HMAC", bits, &secret))) {
                    continue;
                }
                enc_key = secret;
            } else {
                enc_key = alg[0] == 'R' ? rsa : ec;
            }
            b = std_builder(sign_key, "HS256");
            if (b != NULL && CHECK_OK(kr_jwt_builder_protect_payload(b, enc_key, alg, encs[j].name))) {
                r = build(b);
                token = r ? get_token(r) : NULL;
                v = r ? result_validator(r) : NULL;
                if (token != NULL && v != NULL) {
                    char *bad = flip_in_segment(token, 3, -1);
                    CHECK(count_char(token, '.') == 4);
                    if (CHECK_OK(kr_jwt_validate(v, token, NULL))) {
                        pairs++;
                    } else {
                        printf("   pair %s + %s failed\n", alg, encs[j].name);
                    }
                    if (bad != NULL) {
                        CHECK(kr_jwt_validate(v, bad, NULL) != KR_JWT_STATUS_OK);
                    }
                    free(bad);
                }
            }
            kr_jwt_string_free(token);
            kr_jwt_validator_free(v);
            kr_jwt_result_free(r);
            kr_jwt_builder_free(b);
            kr_jwt_key_free(secret);
        }
    }
    printf("   JWE pairs round-tripped through the C ABI: %d\n", pairs);
    CHECK(pairs == 60);

done:
    kr_jwt_key_free(ec);
    kr_jwt_key_free(rsa);
    kr_jwt_key_free(sign_key);
}

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"version and status names", test_version_and_status_names},
        {"key import, info and copy", test_keys},
        {"issue and validate HS256", test_issue_hs256},
        {"explicit validator", test_explicit_validator},
        {"issuer and audience required", test_issuer_audience_required},
        {"weak verification key", test_weak_verification_key},
        {"maximum token age", test_max_token_age},
        {"tampering and malformed tokens", test_tampering},
        {"expiry and not-before", test_expiry},
        {"HS384 / HS512 / Auto", test_other_algorithms},
        {"renew and reissue", test_renew_reissue},
        {"generated keys, export, thumbprint, JWKS", test_generated_keys},
        {"bad input", test_bad_input},
        {"NULL arguments", test_null_arguments},
        {"batch validation", test_batch},
        {"decode without validation", test_decode},
        {"copy independence", test_copy_independence},
        {"bearer authentication, policies, clock skew", test_bearer},
        {"10 MB and empty strings", test_huge_and_empty_strings},
        {"every algorithm", test_every_algorithm},
        {"nested JWT (JWE)", test_jwe},
        {"every JWE pair", test_jwe_all_pairs},
    };
    size_t i;

    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        printf("-- %s\n", tests[i].name);
        fflush(stdout);
        tests[i].fn();
    }

    printf("C: %d passed, %d failed\n", g_passed, g_failed);
    fflush(stdout);
    return g_failed > 0 ? 1 : 0;
}
