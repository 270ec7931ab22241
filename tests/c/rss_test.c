/* 100 000 build/validate/free cycles through the C ABI must keep resident memory within 1 MiB of where
 * it stood after a warm-up. Prints the figures and `RSS: N passed, M failed`. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kr_jwt.h"

static long rss_kib(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, resident = 0;
    if (f == NULL) {
        return -1;
    }
    if (fscanf(f, "%ld %ld", &size, &resident) != 2) {
        resident = -1;
    }
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static int cycle(const KrJwtKey *key) {
    KrJwtBuilder *b = NULL;
    KrJwtResult *r = NULL;
    KrJwtValidator *v = NULL;
    char *token = NULL;
    char *claims = NULL;
    int ok = kr_jwt_builder_new(&b) == KR_JWT_STATUS_OK
        && kr_jwt_builder_set_issuer(b, "rss-issuer") == KR_JWT_STATUS_OK
        && kr_jwt_builder_add_audience(b, "rss-audience") == KR_JWT_STATUS_OK
        && kr_jwt_builder_add_user_claim(b, "Name", "\"alice\"") == KR_JWT_STATUS_OK
        && kr_jwt_builder_protect(b, key, "HS256", NULL) == KR_JWT_STATUS_OK
        && kr_jwt_builder_build(b, &r) == KR_JWT_STATUS_OK
        && kr_jwt_result_token(r, &token) == KR_JWT_STATUS_OK
        && kr_jwt_result_validator(r, 60.0, &v) == KR_JWT_STATUS_OK
        && kr_jwt_validate(v, token, &claims) == KR_JWT_STATUS_OK
        && kr_jwt_validate(v, "a.b.c", NULL) == KR_JWT_STATUS_MALFORMED_TOKEN;
    kr_jwt_string_free(claims);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    return ok;
}

int main(void) {
    const char *hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    KrJwtKey *key = NULL;
    if (kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)hex, strlen(hex), &key) != KR_JWT_STATUS_OK) {
        printf("key import failed: %s\nRSS: 0 passed, 1 failed\n", kr_jwt_last_error());
        return 1;
    }
    int failures = 0;
    for (int i = 0; i < 2000; i++) {
        failures += !cycle(key);
    }
    long before = rss_kib();
    for (int i = 0; i < 100000; i++) {
        failures += !cycle(key);
    }
    long after = rss_kib();
    kr_jwt_key_free(key);
    long growth = after - before;
    printf("RSS after warm-up %ld KiB, after 100000 cycles %ld KiB, growth %ld KiB; failed cycles %d\n", before, after,
           growth, failures);
    int passed = (before > 0 && growth <= 1024 && failures == 0);
    printf("RSS: %d passed, %d failed\n", passed, !passed);
    return passed ? 0 : 1;
}
