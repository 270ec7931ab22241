/* Two builds of libkr_jwt in ONE process, measured alternately (issue 18): the machine's drift falls on
 * both alike, which separate processes measured one after the other do not guarantee on a shared VM.
 *
 *   bash benchmarks/c/ab.sh <other-libkr_jwt.so>      # this build (A) against the other (B)
 *
 * Each library is opened with dlopen(RTLD_LOCAL) and called through its own symbols. The tokens are
 * made once by A; each library imports the same key (a JWK exported by A) into its own validator with
 * the same parameters. A sample is one block of validations with A and one with B (the order swapped
 * every sample); each row prints A's and B's median ns per validation and the median of the per-sample
 * ratios B / A (> 1: A is faster). Single rows in thread CPU time, batch rows in wall time.
 * Arguments: libA libB [samples] [rows: all | single | batch | HS256]. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kr_jwt.h"

#define BATCH 1000
#define MAX_SAMPLES 201

typedef struct {
    const char *path;
    KrJwtStatus (*key_generate)(const char *, uint32_t, KrJwtKey **);
    KrJwtStatus (*key_import)(int32_t, const uint8_t *, size_t, KrJwtKey **);
    KrJwtStatus (*key_export)(const KrJwtKey *, int32_t, bool, char **);
    void (*key_free)(KrJwtKey *);
    KrJwtStatus (*builder_new)(KrJwtBuilder **);
    KrJwtStatus (*set_issuer)(KrJwtBuilder *, const char *);
    KrJwtStatus (*add_audience)(KrJwtBuilder *, const char *);
    KrJwtStatus (*set_subject)(KrJwtBuilder *, const char *);
    KrJwtStatus (*add_claim)(KrJwtBuilder *, const char *, const char *);
    KrJwtStatus (*limit_validity)(KrJwtBuilder *, double);
    KrJwtStatus (*protect)(KrJwtBuilder *, const KrJwtKey *, const char *, const char *);
    KrJwtStatus (*build)(KrJwtBuilder *, KrJwtResult **);
    KrJwtStatus (*result_token)(const KrJwtResult *, char **);
    void (*result_free)(KrJwtResult *);
    void (*builder_free)(KrJwtBuilder *);
    KrJwtStatus (*validator_new)(const char *, const KrJwtKey *const *, size_t, KrJwtValidator **);
    KrJwtStatus (*validate)(const KrJwtValidator *, const char *, char **);
    KrJwtStatus (*validate_batch)(const KrJwtValidator *, const char *const *, size_t, KrJwtStatus *);
    void (*validator_free)(KrJwtValidator *);
    void (*string_free)(char *);
} Lib;

#define CHECK(x) do { KrJwtStatus s_ = (x); if (s_ != KR_JWT_STATUS_OK) { \
    fprintf(stderr, "%s: status %d\n", #x, (int)s_); exit(1); } } while (0)
#define BIND(lib, handle, field, name) do { *(void **)&(lib)->field = dlsym(handle, name); \
    if (!(lib)->field) { fprintf(stderr, "%s: no %s\n", (lib)->path, name); exit(1); } } while (0)

static void open_lib(Lib *lib, const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) { fprintf(stderr, "%s\n", dlerror()); exit(1); }
    lib->path = path;
    BIND(lib, h, key_generate, "kr_jwt_key_generate");
    BIND(lib, h, key_import, "kr_jwt_key_import");
    BIND(lib, h, key_export, "kr_jwt_key_export");
    BIND(lib, h, key_free, "kr_jwt_key_free");
    BIND(lib, h, builder_new, "kr_jwt_builder_new");
    BIND(lib, h, set_issuer, "kr_jwt_builder_set_issuer");
    BIND(lib, h, add_audience, "kr_jwt_builder_add_audience");
    BIND(lib, h, set_subject, "kr_jwt_builder_set_subject");
    BIND(lib, h, add_claim, "kr_jwt_builder_add_claim");
    BIND(lib, h, limit_validity, "kr_jwt_builder_limit_validity");
    BIND(lib, h, protect, "kr_jwt_builder_protect");
    BIND(lib, h, build, "kr_jwt_builder_build");
    BIND(lib, h, result_token, "kr_jwt_result_token");
    BIND(lib, h, result_free, "kr_jwt_result_free");
    BIND(lib, h, builder_free, "kr_jwt_builder_free");
    BIND(lib, h, validator_new, "kr_jwt_validator_new");
    BIND(lib, h, validate, "kr_jwt_validate");
    BIND(lib, h, validate_batch, "kr_jwt_validate_batch");
    BIND(lib, h, validator_free, "kr_jwt_validator_free");
    BIND(lib, h, string_free, "kr_jwt_string_free");
}

static double clock_ns(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof(double), cmp);
    return v[n / 2];
}

/* The same token as benchmarks/c/validate_bench.c makes. */
static char *token_for(const Lib *l, KrJwtKey *key, const char *alg, int i) {
    KrJwtBuilder *b;
    CHECK(l->builder_new(&b));
    CHECK(l->set_issuer(b, "https://issuer.example.com"));
    CHECK(l->add_audience(b, "api://orders"));
    char sub[32];
    snprintf(sub, sizeof sub, "user-%d", i);
    CHECK(l->set_subject(b, sub));
    CHECK(l->add_claim(b, "name", "Jane Doe"));
    CHECK(l->add_claim(b, "role", "admin"));
    CHECK(l->add_claim(b, "tenant", "contoso"));
    CHECK(l->limit_validity(b, 3600));
    CHECK(l->protect(b, key, alg, NULL));
    KrJwtResult *r;
    CHECK(l->build(b, &r));
    char *t;
    CHECK(l->result_token(r, &t));
    l->result_free(r);
    l->builder_free(b);
    return t;
}

/* A validator of `l` for the key A exported as `jwk`. */
static KrJwtValidator *validator_for(const Lib *l, const char *jwk, KrJwtKey **key_out) {
    CHECK(l->key_import(KR_JWT_KEY_FORMAT_JWK, (const uint8_t *)jwk, strlen(jwk), key_out));
    const KrJwtKey *keys[1] = {*key_out};
    KrJwtValidator *v;
    CHECK(l->validator_new("{\"valid_issuers\":[\"https://issuer.example.com\"],"
                           "\"valid_audiences\":[\"api://orders\"]}", keys, 1, &v));
    return v;
}

static void row(const char *name, double a[], double b[], int samples) {
    double ratio[MAX_SAMPLES];
    for (int s = 0; s < samples; s++) ratio[s] = b[s] / a[s];
    double r = median(ratio, samples);
    printf("%-32s A %8.0f  B %8.0f  B/A %.3f\n", name, median(a, samples), median(b, samples), r);
    fflush(stdout);
}

static void single(const Lib libs[2], const char *alg, const char *kind, unsigned bits, int block, int samples,
                   int with_claims) {
    KrJwtKey *key, *keys[2];
    CHECK(libs[0].key_generate(kind, bits, &key));
    char *token = token_for(&libs[0], key, alg, 0);
    char *jwk;
    CHECK(libs[0].key_export(key, KR_JWT_KEY_FORMAT_JWK, true, &jwk));
    KrJwtValidator *v[2] = {validator_for(&libs[0], jwk, &keys[0]), validator_for(&libs[1], jwk, &keys[1])};
    double status[2][MAX_SAMPLES], claims[2][MAX_SAMPLES];
    for (int s = 0; s < samples; s++) {
        for (int k = 0; k < 2; k++) {
            int i = (s % 2) ? 1 - k : k;
            const Lib *l = &libs[i];
            double t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
            for (int n = 0; n < block; n++) CHECK(l->validate(v[i], token, NULL));
            double t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
            for (int n = 0; n < block && with_claims; n++) {
                char *c;
                CHECK(l->validate(v[i], token, &c));
                l->string_free(c);
            }
            double t2 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
            status[i][s] = (t1 - t0) / block;
            claims[i][s] = (t2 - t1) / block;
        }
    }
    char name[64];
    snprintf(name, sizeof name, "%s/status", alg);
    row(name, status[0], status[1], samples);
    if (with_claims) {
        snprintf(name, sizeof name, "%s/claims", alg);
        row(name, claims[0], claims[1], samples);
    }
    for (int i = 0; i < 2; i++) {
        libs[i].validator_free(v[i]);
        libs[i].key_free(keys[i]);
    }
    libs[0].string_free(jwk);
    libs[0].string_free(token);
    libs[0].key_free(key);
}

/* The floor of a batch that starts its thread per call, as kr_jwt_validate_batch does: this program
 * itself starts one pthread per batch and both threads take blocks of 32 tokens from a shared counter,
 * calling kr_jwt_validate; no library batch code at all. */
typedef struct {
    const Lib *lib;
    const KrJwtValidator *v;
    char **tokens;
    atomic_int next;
} Shared;

static void *take_blocks(void *arg) {
    Shared *sh = arg;
    for (;;) {
        int start = atomic_fetch_add(&sh->next, 32);
        if (start >= BATCH) return NULL;
        int end = start + 32 < BATCH ? start + 32 : BATCH;
        for (int j = start; j < end; j++) CHECK(sh->lib->validate(sh->v, sh->tokens[j], NULL));
    }
}

static void hand_batch(const Lib *l, const KrJwtValidator *v, char **tokens) {
    Shared sh = {.lib = l, .v = v, .tokens = tokens};
    atomic_init(&sh.next, 0);
    pthread_t t;
    int started = pthread_create(&t, NULL, take_blocks, &sh) == 0;
    take_blocks(&sh);
    if (started) pthread_join(t, NULL);
}

static void batch(const Lib libs[2], int samples) {
    KrJwtKey *key, *keys[2];
    CHECK(libs[0].key_generate("HMAC", 256, &key));
    char *jwk;
    CHECK(libs[0].key_export(key, KR_JWT_KEY_FORMAT_JWK, true, &jwk));
    KrJwtValidator *v[2] = {validator_for(&libs[0], jwk, &keys[0]), validator_for(&libs[1], jwk, &keys[1])};
    char *tokens[BATCH];
    for (int i = 0; i < BATCH; i++) tokens[i] = token_for(&libs[0], key, "HS256", i);
    KrJwtStatus statuses[BATCH];
    double many[2][MAX_SAMPLES], loop[2][MAX_SAMPLES], hand[MAX_SAMPLES];
    for (int s = 0; s < samples; s++) {
        double h0 = clock_ns(CLOCK_MONOTONIC);
        for (int n = 0; n < 4; n++) hand_batch(&libs[0], v[0], tokens);
        hand[s] = (clock_ns(CLOCK_MONOTONIC) - h0) / (4.0 * BATCH);
        for (int k = 0; k < 2; k++) {
            int i = (s % 2) ? 1 - k : k;
            const Lib *l = &libs[i];
            double t0 = clock_ns(CLOCK_MONOTONIC);
            for (int n = 0; n < 4; n++) {
                CHECK(l->validate_batch(v[i], (const char *const *)tokens, BATCH, statuses));
                if (statuses[BATCH - 1] != KR_JWT_STATUS_OK) exit(1);
            }
            double t1 = clock_ns(CLOCK_MONOTONIC);
            for (int n = 0; n < 4; n++)
                for (int j = 0; j < BATCH; j++) CHECK(l->validate(v[i], tokens[j], NULL));
            double t2 = clock_ns(CLOCK_MONOTONIC);
            many[i][s] = (t1 - t0) / (4.0 * BATCH);
            loop[i][s] = (t2 - t1) / (4.0 * BATCH);
        }
    }
    row("batch1000/HS256/validate_batch", many[0], many[1], samples);
    row("batch1000/HS256/loop", loop[0], loop[1], samples);
    /* Within each library: the loop against the batch (> 1: the batch is faster). */
    double gain[2][MAX_SAMPLES];
    for (int i = 0; i < 2; i++)
        for (int s = 0; s < samples; s++) gain[i][s] = loop[i][s] / many[i][s];
    printf("%-32s A %8.2f  B %8.2f\n", "batch1000/HS256/loop÷batch", median(gain[0], samples),
           median(gain[1], samples));
    /* A's loop against this program's own two-thread batch of A's kr_jwt_validate (the floor). */
    for (int s = 0; s < samples; s++) gain[0][s] = loop[0][s] / hand[s];
    printf("%-32s A %8.2f  (a pthread per batch started by this program, kr_jwt_validate in both)\n",
           "batch1000/HS256/loop÷C-threads", median(gain[0], samples));
    for (int i = 0; i < BATCH; i++) libs[0].string_free(tokens[i]);
    for (int i = 0; i < 2; i++) {
        libs[i].validator_free(v[i]);
        libs[i].key_free(keys[i]);
    }
    libs[0].string_free(jwk);
    libs[0].key_free(key);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s libA.so libB.so [samples] [all|single|batch|HS256]\n", argv[0]);
        return 2;
    }
    Lib libs[2];
    open_lib(&libs[0], argv[1]);
    open_lib(&libs[1], argv[2]);
    int samples = argc > 3 ? atoi(argv[3]) : 41;
    if (samples < 1 || samples > MAX_SAMPLES) samples = 41;
    const char *only = argc > 4 ? argv[4] : "all";
    int all = !strcmp(only, "all");
    if (all || !strcmp(only, "single") || !strcmp(only, "HS256")) single(libs, "HS256", "HMAC", 256, 2000, samples, 1);
    if (all || !strcmp(only, "single")) {
        single(libs, "ES256", "EC", 256, 200, samples, 0);
        single(libs, "EdDSA", "Ed25519", 0, 200, samples, 0);
        single(libs, "RS256", "RSA", 2048, 200, samples, 0);
    }
    if (all || !strcmp(only, "batch")) batch(libs, samples);
    return 0;
}
