/* Library-wide exports: version, status names, defaults. */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void test_version_and_status_names(void)
{
    const char *version = kr_jwt_version();
    const char *name;

    CHECK(version != NULL && version[0] != '\0');
    printf("   library version: %s\n", version != NULL ? version : "(null)");
    /* The header's version macros are generated from the same crate version the library reports. */
    {
        char expected[32];
        snprintf(expected, sizeof expected, "%d.%d.%d", KR_JWT_VERSION_MAJOR, KR_JWT_VERSION_MINOR,
            KR_JWT_VERSION_PATCH);
        CHECK(strcmp(expected, KR_JWT_VERSION_STRING) == 0);
        CHECK(version != NULL && strcmp(version, KR_JWT_VERSION_STRING) == 0);
    }

    name = kr_jwt_status_name(KR_JWT_STATUS_OK);
    CHECK(name != NULL && strcmp(name, "Ok") == 0);
    name = kr_jwt_status_name(KR_JWT_STATUS_TOKEN_EXPIRED);
    CHECK(name != NULL && strcmp(name, "TokenExpired") == 0);
    name = kr_jwt_status_name(KR_JWT_STATUS_INVALID_KEY);
    CHECK(name != NULL && strcmp(name, "InvalidKey") == 0);
    name = kr_jwt_status_name((KrJwtStatus)12345);
    CHECK(name != NULL && strcmp(name, "Unknown") == 0);
}

void test_defaults(void)
{
    char *json = NULL;

    if (CHECK_OK(kr_jwt_defaults(&json))) {
        /* the one-minute clock skew, stated once in the core */
        CHECK(json_has(json, "clock_skew_seconds", "60.0"));
        CHECK(json_has(json, "max_token_bytes", "262144"));
        CHECK(json_has_key(json, "signing_algorithms"));
        CHECK(strstr(json, "\"ES256K\"") != NULL);
        CHECK(strstr(json, "\"RSA-OAEP-256\"") != NULL);
        CHECK(strstr(json, "{\"name\":\"TokenExpired\",\"code\":24}") != NULL);
        CHECK(strstr(json, "{\"name\":\"Panic\",\"code\":98}") != NULL);
    }
    kr_jwt_string_free(json);
    CHECK_STATUS(kr_jwt_defaults(NULL), KR_JWT_STATUS_NULL_ARGUMENT);
}
