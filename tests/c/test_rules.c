/* Validation rules of issue 12: issuer and audience required unless opted out, weak RSA verification
 * keys refused at creation, the optional maximum token age. */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Issue 12 item 1: a validator without valid issuer / audience is refused unless opted out. */
void test_issuer_audience_required(void)
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

void test_weak_verification_key(void)
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

void test_max_token_age(void)
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

