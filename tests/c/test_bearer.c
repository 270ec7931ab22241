/* Bearer authentication, claim policies, clock skew. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_bearer(void)
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
    int32_t http = 0;

    if (key == NULL || b == NULL || r == NULL || v == NULL || token == NULL) {
        CHECK(0 && "fixtures for bearer tests");
        goto done;
    }

    /* a valid header, scheme case-insensitive */
    snprintf(header, sizeof header, "bearer %s", token);
    if (CHECK_OK(kr_jwt_authenticate(v, header, &principal, &challenge, &http))) {
        CHECK(http == 200);
        CHECK(json_has_key(principal, "claims"));
        CHECK(json_has(principal, "subject", "\"" SUBJECT "\""));
        CHECK(json_has_key(principal, "payload"));
        CHECK(challenge == NULL);
        CHECK_OK(kr_jwt_policy_check(principal, "{\"claim_type\":\"sub\",\"allowed_values\":[\"" SUBJECT "\"]}",
                                     &satisfied, NULL, &http));
        CHECK(satisfied);
        CHECK(http == 200);
        CHECK_OK(kr_jwt_policy_check(principal, "{\"claim_type\":\"role\",\"allowed_values\":[\"admin\"]}", &satisfied,
                                     &challenge, &http));
        CHECK(!satisfied);
        CHECK(http == 403);
        CHECK(challenge != NULL && strstr(challenge, "insufficient_scope") != NULL);
        kr_jwt_string_free(challenge);
        challenge = NULL;
        CHECK_STATUS(kr_jwt_policy_check(principal, "{\"claim_type\":1}", &satisfied, NULL, NULL), KR_JWT_STATUS_INVALID_JSON);
    }
    kr_jwt_string_free(principal);
    principal = NULL;

    /* failures carry an RFC 6750 challenge */
    snprintf(header, sizeof header, "Bearer %sx", token); /* a 44th signature character: 33 bytes */
    CHECK_FAILS(kr_jwt_authenticate(v, header, &principal, &challenge, &http), KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(http == 401);
    CHECK(principal == NULL);
    CHECK(challenge != NULL && strstr(challenge, "error=\"invalid_token\"") != NULL);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "", &principal, &challenge, &http), KR_JWT_STATUS_MISSING_TOKEN);
    CHECK(http == 401);
    CHECK(challenge != NULL && strcmp(challenge, "Bearer") == 0);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "Bearer a b", &principal, &challenge, &http), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK(http == 400);
    CHECK(challenge != NULL && strstr(challenge, "error=\"invalid_request\"") != NULL);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    CHECK_FAILS(kr_jwt_authenticate(v, "Bearer \xc3\xa9", &principal, NULL, NULL), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_authenticate(v, "Basic YWRtaW46cGFzc3dvcmQ=", &principal, NULL, NULL), KR_JWT_STATUS_MISSING_TOKEN);

    /* the token to renew, read by the core's parser */
    {
        char *renew = NULL;
        if (CHECK_OK(kr_jwt_renewal_token("bearer  abc.def.ghi ", &renew))) {
            CHECK(strcmp(renew, "abc.def.ghi") == 0);
        }
        kr_jwt_string_free(renew);
        renew = NULL;
        CHECK_FAILS(kr_jwt_renewal_token("Basic dXNlcjpwYXNz", &renew), KR_JWT_STATUS_MALFORMED_TOKEN);
        CHECK_FAILS(kr_jwt_renewal_token("Bearer a b", &renew), KR_JWT_STATUS_MALFORMED_TOKEN);
        CHECK(renew == NULL);
        CHECK_STATUS(kr_jwt_renewal_token(NULL, &renew), KR_JWT_STATUS_NULL_ARGUMENT);
        CHECK_STATUS(kr_jwt_renewal_token("Bearer x", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    }

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
    CHECK_STATUS(kr_jwt_authenticate(NULL, header, &principal, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_authenticate(v, NULL, &principal, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_authenticate(v, header, NULL, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_claims_principal(NULL, &principal), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_claims_principal("{}", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check(NULL, "{}", &satisfied, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check("{}", NULL, &satisfied, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_policy_check("{}", "{\"claim_type\":\"x\"}", NULL, NULL, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
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
