/* Shared by every C test unit: the harness (CHECK counters and their report), fixtures (keys, builders,
 * tokens) and a minimal JSON probe. See common.h. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------------------------------------------ */
/* Tiny test harness                                                                                */
/* ------------------------------------------------------------------------------------------------ */

int g_passed;
int g_failed;

/* Copies kr_jwt_last_error() before anything else can call into the library. */
void copy_last_error(char *buf, size_t size)
{
    const char *err = kr_jwt_last_error();
    snprintf(buf, size, "%s", err != NULL ? err : "(null)");
}

void check_impl(int ok, const char *expr, const char *file, int line)
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

int check_status_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file,
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
int check_fails_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file,
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


/* A non-NULL address stored into out pointers before failing calls, to prove they are reset to NULL. */
char g_sentinel;

/* ------------------------------------------------------------------------------------------------ */
/* Fixtures                                                                                         */
/* ------------------------------------------------------------------------------------------------ */


/* 32, 48, 64 and 16 byte HMAC secrets as hex text. */
const char KEY32_A[] = "00112233445566778899aabbccddeeff"
                              "0123456789abcdef0123456789abcdef";
const char KEY32_B[] = "ffeeddccbbaa99887766554433221100"
                              "fedcba9876543210fedcba9876543210";
const char KEY48[] = "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf"
                            "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
                            "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
const char KEY64[] = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
                            "e0e1e2e3e4e5e6e7e8e9eaebecedeeef"
                            "f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff"
                            "303132333435363738393a3b3c3d3e3f";
const char KEY16[] = "1234567890abcdef1234567890abcdef";

int64_t now_seconds(void)
{
    return (int64_t)time(NULL);
}

char *dup_string(const char *s)
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

KrJwtKey *import_hex(const char *hex)
{
    KrJwtKey *key = NULL;

    CHECK_OK(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)hex, strlen(hex), &key));
    CHECK(key != NULL);
    return key;
}

/* Builder with issuer, two audiences, subject, protected with key/alg, valid for 1800 s. */
KrJwtBuilder *std_builder(const KrJwtKey *key, const char *alg)
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

KrJwtResult *build(const KrJwtBuilder *b)
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
char *get_token(const KrJwtResult *r)
{
    char *s = NULL;

    if (r == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_result_token(r, &s));
    CHECK(s != NULL);
    return s;
}

char *get_json(const KrJwtResult *r)
{
    char *s = NULL;

    if (r == NULL) {
        return NULL;
    }
    CHECK_OK(kr_jwt_result_json(r, &s));
    CHECK(s != NULL);
    return s;
}

KrJwtValidator *result_validator(const KrJwtResult *r)
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
char *std_token(const KrJwtKey *key, const char *alg)
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

int count_char(const char *s, char c)
{
    int n = 0;

    for (; s != NULL && *s != '\0'; s++) {
        n += *s == c;
    }
    return n;
}

/* 1 when token has exactly `segments` non-empty segments separated by '.'. */
int has_segments(const char *token, int segments)
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
char *flip_in_segment(const char *token, int segment, int pos)
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

const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/*
 * Returns a malloc'd copy of token whose last character changes only the unused low bits of the
 * final base64url character (a non-canonical encoding of the same signature bytes).
 */
char *noncanonical_last_char(const char *token)
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
int is_base64url(const char *s)
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
int json_value_is(const char *value, const char *expected)
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
int json_has(const char *json, const char *key, const char *expected)
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

int json_has_key(const char *json, const char *key)
{
    return json != NULL && json_find_value(json, key) != NULL;
}


/* Round trip with the given key/alg; checks result_json "algorithm" equals expected_alg. */
void round_trip_key(const KrJwtKey *key, const char *alg, const char *expected_alg)
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
