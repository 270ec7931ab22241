/* A program as a user of the installed library writes it (tests/c/install_test.sh builds it with pkg-config,
 * with CMake find_package(KrJwt) and statically): the header's version macros must match kr_jwt_version(),
 * and a token issued with an HS256 key must validate. Prints "install consumer: ok (<how>, <version>)". */
#include <stdio.h>
#include <string.h>

#include <kr_jwt.h>

int main(int argc, char **argv) {
    const char *how = argc > 1 ? argv[1] : "?";
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    char expected[32];
    KrJwtKey *key = NULL;
    KrJwtBuilder *b = NULL;
    KrJwtResult *r = NULL;
    KrJwtValidator *v = NULL;
    char *token = NULL;
    char *claims = NULL;
    int ok;

    snprintf(expected, sizeof expected, "%d.%d.%d", KR_JWT_VERSION_MAJOR, KR_JWT_VERSION_MINOR, KR_JWT_VERSION_PATCH);
    if (strcmp(expected, KR_JWT_VERSION_STRING) != 0 || strcmp(kr_jwt_version(), KR_JWT_VERSION_STRING) != 0) {
        fprintf(stderr, "install consumer (%s): header %s / %s, library %s\n", how, expected, KR_JWT_VERSION_STRING,
            kr_jwt_version());
        return 1;
    }
    ok = kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)hex, strlen(hex), &key) == KR_JWT_STATUS_OK
        && kr_jwt_builder_new(&b) == KR_JWT_STATUS_OK
        && kr_jwt_builder_set_issuer(b, "install-test") == KR_JWT_STATUS_OK
        && kr_jwt_builder_add_audience(b, "api://install") == KR_JWT_STATUS_OK
        && kr_jwt_builder_add_user_claim(b, "Name", "\"alice\"") == KR_JWT_STATUS_OK
        && kr_jwt_builder_protect(b, key, "HS256", NULL) == KR_JWT_STATUS_OK
        && kr_jwt_builder_build(b, &r) == KR_JWT_STATUS_OK
        && kr_jwt_result_token(r, &token) == KR_JWT_STATUS_OK
        && kr_jwt_result_validator(r, 60.0, &v) == KR_JWT_STATUS_OK
        && kr_jwt_validate(v, token, &claims) == KR_JWT_STATUS_OK
        && strstr(claims, "\"alice\"") != NULL
        && kr_jwt_validate(v, "a.b.c", NULL) == KR_JWT_STATUS_MALFORMED_TOKEN;
    if (!ok) {
        fprintf(stderr, "install consumer (%s): failed: %s\n", how, kr_jwt_last_error());
    } else {
        printf("install consumer: ok (%s, %s)\n", how, kr_jwt_version());
    }
    kr_jwt_string_free(claims);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
    return ok ? 0 : 1;
}
