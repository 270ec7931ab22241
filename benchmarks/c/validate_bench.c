/* Native validation through the C ABI (issue 18): median nanoseconds per token over several rounds.
 *
 *   cargo build --release -p kr-jwt
 *   bash benchmarks/c/run.sh [other-libkr_jwt.so ...]   # this build, then each other build, interleaved
 *
 * Rows: kr_jwt_validate without a claims pointer ("status") and with one ("claims", the JSON freed),
 * for HS256, ES256, EdDSA and RS256 (2048), and for 1000 distinct HS256 tokens kr_jwt_validate_batch
 * against a plain loop of kr_jwt_validate (status only); single rows in thread CPU time, batch rows in
 * wall time. Output: one "name ns" line per row.
 * Argument: all (default), single, batch, or HS256 (that row alone, longer: for a profiler). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kr_jwt.h"

#define CHECK(x) do { KrJwtStatus s_ = (x); if (s_ != KR_JWT_STATUS_OK) { \
    fprintf(stderr, "%s: status %d\n", #x, (int)s_); exit(1); } } while (0)
#define BATCH 1000
#define ROUNDS 9

/* Single-token rows count this thread's CPU time (a busy machine's descheduling is not counted);
 * batch rows, which use other threads, count wall time. */
static double clock_ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}
static double cpu_ns(void) { return clock_ns(CLOCK_THREAD_CPUTIME_ID); }
static double now_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char *token_for(KrJwtKey *key, const char *alg, int i) {
    KrJwtBuilder *b;
    CHECK(kr_jwt_builder_new(&b));
    CHECK(kr_jwt_builder_set_issuer(b, "https://issuer.example.com"));
    CHECK(kr_jwt_builder_add_audience(b, "api://orders"));
    char sub[32];
    snprintf(sub, sizeof sub, "user-%d", i);
    CHECK(kr_jwt_builder_set_subject(b, sub));
    CHECK(kr_jwt_builder_add_claim(b, "name", "Jane Doe"));
    CHECK(kr_jwt_builder_add_claim(b, "role", "admin"));
    CHECK(kr_jwt_builder_add_claim(b, "tenant", "contoso"));
    CHECK(kr_jwt_builder_limit_validity(b, 3600));
    CHECK(kr_jwt_builder_protect(b, key, alg, NULL));
    KrJwtResult *r;
    CHECK(kr_jwt_builder_build(b, &r));
    char *t;
    CHECK(kr_jwt_result_token(r, &t));
    kr_jwt_result_free(r);
    kr_jwt_builder_free(b);
    return t;
}

static KrJwtValidator *validator_for(KrJwtKey *key) {
    const KrJwtKey *keys[1] = {key};
    KrJwtValidator *v;
    CHECK(kr_jwt_validator_new("{\"valid_issuers\":[\"https://issuer.example.com\"],"
                               "\"valid_audiences\":[\"api://orders\"]}", keys, 1, &v));
    return v;
}

static void report(const char *name, double *samples) {
    qsort(samples, ROUNDS, sizeof(double), cmp);
    printf("%s %.0f\n", name, samples[ROUNDS / 2]);
}

static int status_only = 0;

static void single(const char *alg, const char *kind, unsigned bits, int iterations) {
    KrJwtKey *key;
    CHECK(kr_jwt_key_generate(kind, bits, &key));
    char *token = token_for(key, alg, 0);
    KrJwtValidator *v = validator_for(key);
    double status[ROUNDS], claims[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = cpu_ns();
        for (int i = 0; i < iterations; i++) CHECK(kr_jwt_validate(v, token, NULL));
        double t1 = cpu_ns();
        for (int i = 0; i < iterations && !status_only; i++) {
            char *c;
            CHECK(kr_jwt_validate(v, token, &c));
            kr_jwt_string_free(c);
        }
        double t2 = cpu_ns();
        status[r] = (t1 - t0) / iterations;
        claims[r] = (t2 - t1) / iterations;
    }
    char name[64];
    snprintf(name, sizeof name, "%s/status", alg);
    report(name, status);
    snprintf(name, sizeof name, "%s/claims", alg);
    report(name, claims);
    kr_jwt_string_free(token);
    kr_jwt_validator_free(v);
    kr_jwt_key_free(key);
}

static void batch(int iterations) {
    KrJwtKey *key;
    CHECK(kr_jwt_key_generate("HMAC", 256, &key));
    KrJwtValidator *v = validator_for(key);
    char *tokens[BATCH];
    for (int i = 0; i < BATCH; i++) tokens[i] = token_for(key, "HS256", i);
    KrJwtStatus statuses[BATCH];
    double many[ROUNDS], loop[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        double t0 = now_ns();
        for (int n = 0; n < iterations; n++) {
            CHECK(kr_jwt_validate_batch(v, (const char *const *)tokens, BATCH, statuses));
            if (statuses[BATCH - 1] != KR_JWT_STATUS_OK) exit(1);
        }
        double t1 = now_ns();
        for (int n = 0; n < iterations; n++)
            for (int i = 0; i < BATCH; i++) CHECK(kr_jwt_validate(v, tokens[i], NULL));
        double t2 = now_ns();
        many[r] = (t1 - t0) / ((double)iterations * BATCH);
        loop[r] = (t2 - t1) / ((double)iterations * BATCH);
    }
    report("batch1000/HS256/validate_batch", many);
    report("batch1000/HS256/loop", loop);
    for (int i = 0; i < BATCH; i++) kr_jwt_string_free(tokens[i]);
    kr_jwt_validator_free(v);
    kr_jwt_key_free(key);
}

int main(int argc, char **argv) {
    const char *only = argc > 1 ? argv[1] : "all";
    if (!strcmp(only, "all") || !strcmp(only, "single")) {
        single("HS256", "HMAC", 256, 20000);
        single("ES256", "EC", 256, 2000);
        single("EdDSA", "Ed25519", 0, 2000);
        single("RS256", "RSA", 2048, 2000);
    }
    if (!strcmp(only, "all") || !strcmp(only, "batch")) batch(20);
    status_only = !strcmp(only, "HS256");
    if (status_only) single("HS256", "HMAC", 256, 200000);
    return 0;
}
