/* Builders: issue, algorithms, renewal, copies. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_issue_hs256(void)
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

static void round_trip(const char *hex, const char *alg, const char *expected_alg)
{
    KrJwtKey *key = import_hex(hex);

    round_trip_key(key, alg, expected_alg);
    kr_jwt_key_free(key);
}

void test_other_algorithms(void)
{
    round_trip(KEY48, "HS384", "HS384");
    round_trip(KEY64, "HS512", "HS512");
    round_trip(KEY64, "Auto", "HS512");
    round_trip(KEY64, NULL, "HS512"); /* NULL algorithm means Auto */
}

/* Every algorithm through the C ABI: generated keys, sign, validate, tamper, public-key-only validator. */
void test_every_algorithm(void)
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

void test_renew_reissue(void)
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

void test_copy_independence(void)
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
