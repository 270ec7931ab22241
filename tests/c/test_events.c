/* Validation events: the log callback, event options, statistics and reset (capi/src/events.rs). */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_EVENTS 32
#define CHECKED(cond) checked((cond) ? 1 : 0, #cond, __FILE__, __LINE__)

/* CHECK, and the condition's value (to skip what depends on it). */
static int checked(int ok, const char *expr, const char *file, int line)
{
    check_impl(ok, expr, file, line);
    return ok;
}

struct log {
    int count;
    char *events[MAX_EVENTS];
    int levels[MAX_EVENTS];
};

static void record_event(void *userdata, const char *event_json, int32_t level)
{
    struct log *log = userdata;

    if (log->count < MAX_EVENTS) {
        log->events[log->count] = dup_string(event_json);
        log->levels[log->count] = level;
    }
    log->count++;
}

static void clear_log(struct log *log)
{
    int i;

    for (i = 0; i < log->count && i < MAX_EVENTS; i++) {
        free(log->events[i]);
        log->events[i] = NULL;
    }
    log->count = 0;
}

/* The 16 hex digits of an event's "fingerprint" (empty when there is none). */
static void fingerprint_of(const char *event, char out[17])
{
    const char *p = event == NULL ? NULL : strstr(event, "\"fingerprint\":\"");
    int i;

    out[0] = '\0';
    if (p == NULL) {
        return;
    }
    p += strlen("\"fingerprint\":\"");
    for (i = 0; i < 16 && strchr("0123456789abcdef", p[i]) != NULL && p[i] != '\0'; i++) {
        out[i] = p[i];
    }
    out[i] = '\0';
}

void test_events(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    KrJwtResult *r = build(b);
    KrJwtValidator *v = result_validator(r);
    KrJwtValidator *copy = NULL;
    char *token = get_token(r);
    char *tampered = NULL;
    char *stats = NULL;
    char *principal = NULL;
    char *challenge = NULL;
    char header[4096];
    char fp1[17];
    char fp2[17];
    struct log log = {0};
    const char *batch[3];
    KrJwtStatus statuses[3];

    if (key == NULL || b == NULL || r == NULL || v == NULL || token == NULL) {
        CHECK(0 && "fixtures for event tests");
        goto done;
    }
    tampered = flip_in_segment(token, 2, 3);

    /* Without a callback: counted, nothing called. */
    CHECK_OK(kr_jwt_validate(v, token, NULL));
    CHECK_FAILS(kr_jwt_validate(v, tampered, NULL), KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK_OK(kr_jwt_validator_statistics(v, &stats));
    CHECK(json_has(stats, "validations", "2"));
    CHECK(json_has(stats, "succeeded", "1"));
    CHECK(json_has(stats, "InvalidSignature", "1"));
    kr_jwt_string_free(stats);
    stats = NULL;
    CHECK_OK(kr_jwt_validator_statistics_reset(v));

    /* Failures by default, on every path, shared with copies. */
    CHECK_OK(kr_jwt_validator_set_log_callback(v, record_event, &log));
    CHECK_OK(kr_jwt_validator_set_event_options(v, "{\"name\":\"c-test\",\"invalid_signature_threshold\":3}"));
    CHECK_OK(kr_jwt_validator_copy(v, &copy));
    CHECK_OK(kr_jwt_validate(v, token, NULL));
    CHECK(log.count == 0);
    CHECK_FAILS(kr_jwt_validate(copy, tampered, NULL), KR_JWT_STATUS_INVALID_SIGNATURE);
    if (CHECKED(log.count == 1)) {
        CHECK(log.levels[0] == KR_JWT_LOG_WARNING);
        CHECK(json_has(log.events[0], "event", "\"validation\""));
        CHECK(json_has(log.events[0], "outcome", "\"failure\""));
        CHECK(json_has(log.events[0], "status", "\"InvalidSignature\""));
        CHECK(json_has(log.events[0], "validator", "\"c-test\""));
        CHECK(json_has(log.events[0], "path", "\"single\""));
        CHECK(json_has(log.events[0], "alg", "\"HS256\""));
        CHECK(json_has(log.events[0], "iss", "\"" ISSUER "\""));
        CHECK(json_has_key(log.events[0], "exp"));
        CHECK(json_has_key(log.events[0], "time"));
        CHECK(!json_has_key(log.events[0], "sub"));
        CHECK(strstr(log.events[0], tampered) == NULL);
        CHECK(strstr(log.events[0], strrchr(tampered, '.') + 1) == NULL); /* no signature */
        fingerprint_of(log.events[0], fp1);
        CHECK(strlen(fp1) == 16);
    }
    batch[0] = token;
    batch[1] = tampered;
    batch[2] = "not.a.token";
    CHECK_OK(kr_jwt_validate_batch(v, batch, 3, statuses));
    /* the batch's two failures, on the calling thread, in input order */
    if (CHECKED(log.count == 3)) {
        CHECK(json_has(log.events[1], "path", "\"batch\""));
        fingerprint_of(log.events[1], fp2);
        CHECK(strcmp(fp1, fp2) == 0); /* the same token, the same fingerprint */
        CHECK(json_has(log.events[2], "status", "\"MalformedToken\""));
        fingerprint_of(log.events[2], fp2);
        CHECK(strlen(fp2) == 16 && strcmp(fp1, fp2) != 0);
    }
    /* the third invalid signature (from a client) raises the issuer's burst signal */
    snprintf(header, sizeof header, "Bearer %s", tampered);
    CHECK_FAILS(kr_jwt_authenticate_client(v, header, "Api", "192.0.2.7", &principal, &challenge, NULL),
                KR_JWT_STATUS_INVALID_SIGNATURE);
    kr_jwt_string_free(challenge);
    challenge = NULL;
    if (CHECKED(log.count == 5)) {
        CHECK(json_has(log.events[3], "path", "\"bearer\""));
        CHECK(json_has(log.events[3], "client", "\"192.0.2.7\""));
        CHECK(json_has(log.events[3], "scheme", "\"Api\""));
        CHECK(log.levels[4] == KR_JWT_LOG_ALERT);
        CHECK(json_has(log.events[4], "event", "\"signal\""));
        CHECK(json_has(log.events[4], "signal", "\"invalid_signature\""));
        CHECK(json_has(log.events[4], "scope", "\"iss\""));
        CHECK(json_has(log.events[4], "count", "3"));
    }

    /* Successes and the subject when asked. */
    CHECK_OK(kr_jwt_validator_set_event_options(v, "{\"name\":\"c-test\",\"log_success\":true,\"log_subject\":true}"));
    CHECK_OK(kr_jwt_validate(copy, token, NULL));
    if (CHECKED(log.count == 6)) {
        CHECK(log.levels[5] == KR_JWT_LOG_INFO);
        CHECK(json_has(log.events[5], "outcome", "\"success\""));
        CHECK(json_has(log.events[5], "sub", "\"" SUBJECT "\""));
    }

    /* Statistics of the validator and its copies; reset. */
    CHECK_OK(kr_jwt_validator_statistics(copy, &stats));
    CHECK(json_has(stats, "validations", "7"));
    CHECK(json_has(stats, "succeeded", "3"));
    CHECK(json_has(stats, "failed", "4"));
    CHECK(json_has(stats, "InvalidSignature", "3"));
    CHECK(json_has(stats, "MalformedToken", "1"));
    CHECK(json_has(stats, "validator", "\"c-test\""));
    CHECK(json_has(stats, "invalid_signature", "1"));
    kr_jwt_string_free(stats);
    stats = NULL;
    CHECK_OK(kr_jwt_validator_statistics_reset(copy));
    CHECK_OK(kr_jwt_validator_statistics(v, &stats));
    CHECK(json_has(stats, "validations", "0"));
    kr_jwt_string_free(stats);
    stats = NULL;

    /* Removing the callback stops the events; bad options change nothing. */
    CHECK_OK(kr_jwt_validator_set_log_callback(v, NULL, NULL));
    CHECK_FAILS(kr_jwt_validate(v, tampered, NULL), KR_JWT_STATUS_INVALID_SIGNATURE);
    CHECK(log.count == 6);
    CHECK_FAILS(kr_jwt_validator_set_event_options(v, "{\"nope\":1}"), KR_JWT_STATUS_INVALID_JSON);
    CHECK_FAILS(kr_jwt_validator_set_event_options(v, "{\"burst_window_seconds\":0}"), KR_JWT_STATUS_INVALID_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_set_event_options(v, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_set_event_options(NULL, "{}"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_set_log_callback(NULL, record_event, &log), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_statistics(v, NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_FAILS(kr_jwt_validator_statistics_reset(NULL), KR_JWT_STATUS_NULL_ARGUMENT);

done:
    clear_log(&log);
    kr_jwt_string_free(principal);
    kr_jwt_string_free(challenge);
    free(tampered);
    free(token);
    kr_jwt_validator_free(copy);
    kr_jwt_validator_free(v);
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}
