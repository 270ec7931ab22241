/* Keys: import, info, copy, generation, export, thumbprints, JWK Sets. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_keys(void)
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

void test_generated_keys(void)
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

void test_key_spec(void)
{
    KrJwtKey *key = NULL;
    char *info = NULL;

    /* the core's defaults: HMAC 256 bits, RSA 2048, EC P-256 */
    if (CHECK_OK(kr_jwt_key_generate_spec("{\"type\":\"HMAC\"}", &key))) {
        CHECK_OK(kr_jwt_key_info(key, &info));
        CHECK(json_has(info, "bits", "256"));
    }
    kr_jwt_string_free(info);
    info = NULL;
    kr_jwt_key_free(key);
    key = NULL;
    if (CHECK_OK(kr_jwt_key_generate_spec("{\"type\":\"EC\",\"curve\":\"P-384\"}", &key))) {
        CHECK_OK(kr_jwt_key_info(key, &info));
        CHECK(json_has(info, "alg", "\"ES384\""));
    }
    kr_jwt_string_free(info);
    info = NULL;
    kr_jwt_key_free(key);
    key = NULL;
    if (CHECK_OK(kr_jwt_key_generate_spec("{\"type\":\"EC\",\"curve\":\"secp256k1\"}", &key))) {
        CHECK_OK(kr_jwt_key_info(key, &info));
        CHECK(json_has(info, "alg", "\"ES256K\""));
    }
    kr_jwt_string_free(info);
    info = NULL;
    kr_jwt_key_free(key);
    key = NULL;
    CHECK_FAILS(kr_jwt_key_generate_spec("{\"type\":\"RSA\",\"curve\":\"P-256\"}", &key), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_key_generate_spec("{\"type\":\"EC\",\"curve\":\"P-256\",\"bits\":384}", &key),
                KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_key_generate_spec("{\"type\":\"EC\",\"size\":1}", &key), KR_JWT_STATUS_INVALID_JSON);
    CHECK_FAILS(kr_jwt_key_generate_spec("[", &key), KR_JWT_STATUS_INVALID_JSON);
    CHECK(key == NULL);
    CHECK_STATUS(kr_jwt_key_generate_spec(NULL, &key), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_key_generate_spec("{\"type\":\"HMAC\"}", NULL), KR_JWT_STATUS_NULL_ARGUMENT);
}
