/* Nested JWTs (JWE): every key management x content encryption pair. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nested tokens: sign, then encrypt; validators decrypt, then validate. */
void test_jwe(void)
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
void test_jwe_all_pairs(void)
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
