/* Hostile test tokens (kr_jwt_builder_test_tokens): one defect each, refused with the reason they state. */
#include "common.h"

#include <stdlib.h>
#include <string.h>

/* The value of the first "token" member at or after `from`, as a new string (free()), or NULL. */
static char *token_after(const char *from)
{
    const char *start = strstr(from, "\"token\":\"");
    const char *end;
    char *copy;

    if (start == NULL) {
        return NULL;
    }
    start += strlen("\"token\":\"");
    end = strchr(start, '"');
    if (end == NULL) {
        return NULL;
    }
    copy = malloc((size_t)(end - start) + 1);
    if (copy != NULL) {
        memcpy(copy, start, (size_t)(end - start));
        copy[end - start] = '\0';
    }
    return copy;
}

void test_test_tokens(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    char *json = NULL;
    char *token = NULL;
    char *claims = NULL;

    /* One defect: the token is refused with exactly the reason it states. */
    if (CHECK_OK(kr_jwt_builder_test_tokens(b, "Expired", &json))) {
        CHECK(strstr(json, "\"defect\":\"Expired\"") != NULL);
        CHECK(strstr(json, "\"expected_reason\":\"TokenExpired\"") != NULL);
        CHECK(strstr(json, "\"expected_http_status\":401") != NULL);
        CHECK(strstr(json, "\"skipped\":[]") != NULL);
        token = token_after(json);
        CHECK(token != NULL);
        if (token != NULL) {
            CHECK_FAILS(kr_jwt_validate(v, token, &claims), KR_JWT_STATUS_TOKEN_EXPIRED);
            CHECK(claims == NULL);
        }
        free(token);
    }
    kr_jwt_string_free(json);
    json = NULL;

    /* The set (NULL defect): an HMAC builder without key id cannot have AlgConfusion or UnknownKid. */
    if (CHECK_OK(kr_jwt_builder_test_tokens(b, NULL, &json))) {
        CHECK(strstr(json, "\"defect\":\"AlgNone\",") != NULL);
        CHECK(strstr(json, "\"defect\":\"Oversized\",") != NULL);
        CHECK(strstr(json, "\"expected_http_status\":400") != NULL);
        CHECK(strstr(json, "{\"defect\":\"AlgConfusion\",\"reason\":") != NULL);
        CHECK(strstr(json, "{\"defect\":\"UnknownKid\",\"reason\":") != NULL);
        token = token_after(strstr(json, "\"defect\":\"CritUnknown\""));
        CHECK(token != NULL);
        if (token != NULL) {
            CHECK_FAILS(kr_jwt_validate(v, token, &claims), KR_JWT_STATUS_UNSUPPORTED_CRITICAL_HEADER);
        }
        free(token);
    }
    kr_jwt_string_free(json);
    json = SENTINEL;

    CHECK_FAILS(kr_jwt_builder_test_tokens(b, "Nope", &json), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(json == NULL);
    CHECK_FAILS(kr_jwt_builder_test_tokens(b, "AlgConfusion", &json), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_test_tokens(NULL, "Expired", &json), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_builder_test_tokens(b, "Expired", NULL), KR_JWT_STATUS_NULL_ARGUMENT);

    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}
