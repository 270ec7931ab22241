/* Validation: explicit validators, tampering, expiry, batches, decoding. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_explicit_validator(void)
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

static void report_tamper(const char *what, KrJwtStatus s)
{
    printf("   tampered %s -> %d (%s)\n", what, (int)s, kr_jwt_status_name(s));
}

void test_tampering(void)
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

void test_expiry(void)
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

void test_batch(void)
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

    /* kr_jwt_validate_many: status, name, message and (when asked) claims in one call */
    {
        char *many = NULL;
        if (CHECK_OK(kr_jwt_validate_many(v, tokens, 4, true, &many))) {
            static const char first[] = "[{\"status\":0,\"name\":\"Ok\",\"message\":\"\",\"claims\":{";
            CHECK(strncmp(many, first, sizeof first - 1) == 0);
            CHECK(strstr(many, "\"status\":2,\"name\":\"InvalidUtf8\"") != NULL);
            CHECK(strstr(many, "\"status\":24,\"name\":\"TokenExpired\",\"message\":\"the token expired at") != NULL);
            CHECK(strstr(many, "\"status\":20,\"name\":\"MalformedToken\"") != NULL);
            CHECK(strstr(many, "\"sub\":\"" SUBJECT "\"") != NULL);
        }
        kr_jwt_string_free(many);
        many = NULL;
        if (CHECK_OK(kr_jwt_validate_many(v, tokens, 4, false, &many))) {
            CHECK(strstr(many, "\"claims\"") == NULL);
        }
        kr_jwt_string_free(many);
        many = NULL;
        if (CHECK_OK(kr_jwt_validate_many(v, NULL, 0, true, &many))) {
            CHECK(strcmp(many, "[]") == 0);
        }
        kr_jwt_string_free(many);
        many = NULL;
        CHECK_STATUS(kr_jwt_validate_many(NULL, tokens, 4, true, &many), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validate_many(v, NULL, 4, true, &many), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_validate_many(v, tokens, 4, true, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK(many == NULL);
    }

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

void test_decode(void)
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
