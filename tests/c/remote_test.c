/*
 * C tests of remote key sources (kr_jwt_validator_new_remote, docs/c-abi.md) against the real servers of
 * tests/oidc/ (panva's oidc-provider and the fault server), started by tests/c/run.sh, which passes their
 * ready lines in KRJWT_PROVIDER_READY and KRJWT_FAULTS_READY.
 *
 * The fetch callback is a tiny HTTP/1.1 client over plain loopback sockets: connect to 127.0.0.1:port,
 * send the request, read the status line, the headers (Cache-Control; Location means redirected) and the
 * body up to the request's max bytes, every step bounded by the request's timeout (poll). The token
 * requests (client_credentials grant with a resource indicator) go over the same code.
 *
 * Without the ready lines only the callback-contract tests (no network) run. The last line printed is
 * "C remote: N passed, M failed"; the exit status is non-zero when M > 0.
 */
#define _POSIX_C_SOURCE 200809L
#include "kr_jwt.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------------------------------------------ */
/* Harness                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

static int g_passed;
static int g_failed;

static void check_impl(int ok, const char *expr, const char *file, int line)
{
    if (ok) {
        g_passed++;
        return;
    }
    g_failed++;
    printf("FAIL %s:%d: CHECK(%s); last_error: \"%s\"\n", file, line, expr, kr_jwt_last_error());
    fflush(stdout);
}

static int check_status_impl(KrJwtStatus got, KrJwtStatus expected, const char *expr, const char *file,
                             int line)
{
    if (got == expected) {
        g_passed++;
        return 1;
    }
    g_failed++;
    printf("FAIL %s:%d: %s returned %s, expected %s; last_error: \"%s\"\n", file, line, expr,
           kr_jwt_status_name(got), kr_jwt_status_name(expected), kr_jwt_last_error());
    fflush(stdout);
    return 0;
}

#define CHECK(expr) check_impl(!!(expr), #expr, __FILE__, __LINE__)
#define CHECK_STATUS(call, expected) check_status_impl((call), (expected), #call, __FILE__, __LINE__)
/* A failure status whose last error contains `needle`. */
#define CHECK_FAILS_WITH(call, expected, needle)                                                      \
    do {                                                                                              \
        KrJwtStatus s_ = (call);                                                                      \
        check_status_impl(s_, (expected), #call, __FILE__, __LINE__);                                 \
        check_impl(strstr(kr_jwt_last_error(), (needle)) != NULL, "last error contains " #needle,      \
                   __FILE__, __LINE__);                                                               \
    } while (0)

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The string value of the first `"key":"…"` in `json` (no escapes needed here), or "" . */
static void json_str(const char *json, const char *key, char *out, size_t size)
{
    char pattern[128];
    const char *p, *end;
    size_t n;

    out[0] = '\0';
    snprintf(pattern, sizeof pattern, "\"%s\":\"", key);
    p = json != NULL ? strstr(json, pattern) : NULL;
    if (p == NULL)
        return;
    p += strlen(pattern);
    end = strchr(p, '"');
    if (end == NULL)
        return;
    n = (size_t)(end - p) < size - 1 ? (size_t)(end - p) : size - 1;
    memcpy(out, p, n);
    out[n] = '\0';
}

/* The number value of the first `"key":N`, or -1. */
static long long json_num(const char *json, const char *key)
{
    char pattern[128];
    const char *p;

    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    p = json != NULL ? strstr(json, pattern) : NULL;
    if (p == NULL)
        return -1;
    p += strlen(pattern);
    if (*p < '0' || *p > '9')
        return -1;
    return strtoll(p, NULL, 10);
}

/* ------------------------------------------------------------------------------------------------ */
/* A tiny HTTP/1.1 client over loopback sockets                                                     */
/* ------------------------------------------------------------------------------------------------ */

enum { HTTP_OK = 0, HTTP_TIMEOUT = 1, HTTP_TOO_LARGE = 2, HTTP_ERROR = 3 };

typedef struct {
    int status;
    char *body; /* NUL-terminated, malloc'd */
    size_t body_len;
    char cache_control[256];
    int has_cache_control;
    int has_location;
    char error[256];
} HttpReply;

static void http_reply_free(HttpReply *r)
{
    free(r->body);
    r->body = NULL;
}

/* Case-insensitive strstr (strcasestr is a GNU extension). */
static const char *ci_find(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay != '\0'; hay++) {
        if (strncasecmp(hay, needle, n) == 0)
            return hay;
    }
    return NULL;
}

/* Splits http://127.0.0.1:PORT/path. */
static int parse_url(const char *url, int *port, const char **path)
{
    const char *p;
    char *end;
    long v;

    if (strncmp(url, "http://127.0.0.1:", 17) != 0)
        return 0;
    p = url + 17;
    v = strtol(p, &end, 10);
    if (end == p || v <= 0 || v > 65535)
        return 0;
    *port = (int)v;
    *path = *end == '\0' ? "/" : end;
    return **path == '/';
}

static int wait_fd(int fd, short events, int64_t deadline)
{
    struct pollfd pfd = {fd, events, 0};
    int64_t left = deadline - mono_ms();
    int rc;

    if (left <= 0)
        return 0;
    do {
        rc = poll(&pfd, 1, (int)left);
    } while (rc < 0 && errno == EINTR);
    return rc > 0;
}

/* Decodes a chunked body in place; returns its length, or (size_t)-1 when malformed. */
static size_t dechunk(char *data, size_t len)
{
    size_t in = 0, out = 0;
    for (;;) {
        char *end;
        unsigned long size;
        char *line_end = memchr(data + in, '\n', len - in);
        if (line_end == NULL)
            return (size_t)-1;
        size = strtoul(data + in, &end, 16);
        in = (size_t)(line_end - data) + 1;
        if (size == 0)
            return out;
        if (in + size > len)
            return (size_t)-1;
        memmove(data + out, data + in, size);
        out += size;
        in += size;
        if (in + 2 <= len && data[in] == '\r')
            in += 2;
        else if (in + 1 <= len)
            in += 1;
    }
}

/*
 * One request. Returns HTTP_OK (reply filled), HTTP_TIMEOUT, HTTP_TOO_LARGE (the body passed
 * max_bytes: reading stopped there) or HTTP_ERROR (reply->error says why).
 */
static int http_request(const char *method, const char *url, const char *content_type, const char *body,
                        uint32_t timeout_ms, size_t max_bytes, HttpReply *reply)
{
    int port, fd, result = HTTP_ERROR;
    const char *path;
    struct sockaddr_in addr;
    int64_t deadline = mono_ms() + timeout_ms;
    char head[2048];
    size_t head_len, sent = 0, body_len = body != NULL ? strlen(body) : 0;
    size_t cap, used = 0;
    char *buf = NULL, *hdr_end, *line, *p;
    long long content_length = -1;
    int chunked = 0;

    memset(reply, 0, sizeof *reply);
    if (!parse_url(url, &port, &path)) {
        snprintf(reply->error, sizeof reply->error, "unsupported URL %s", url);
        return HTTP_ERROR;
    }
    fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        snprintf(reply->error, sizeof reply->error, "socket: %s", strerror(errno));
        return HTTP_ERROR;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        int err = 0;
        socklen_t len = sizeof err;
        if (errno != EINPROGRESS) {
            snprintf(reply->error, sizeof reply->error, "connect: %s", strerror(errno));
            goto done;
        }
        if (!wait_fd(fd, POLLOUT, deadline)) {
            result = HTTP_TIMEOUT;
            goto done;
        }
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            snprintf(reply->error, sizeof reply->error, "connect: %s", strerror(err));
            goto done;
        }
    }
    head_len = (size_t)snprintf(head, sizeof head,
                                "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: application/json\r\n"
                                "Connection: close\r\n%s%s%sContent-Length: %zu\r\n\r\n",
                                method, path, port, content_type ? "Content-Type: " : "",
                                content_type ? content_type : "", content_type ? "\r\n" : "", body_len);
    while (sent < head_len + body_len) {
        const char *from = sent < head_len ? head + sent : body + (sent - head_len);
        size_t n = sent < head_len ? head_len - sent : body_len - (sent - head_len);
        ssize_t w;
        if (!wait_fd(fd, POLLOUT, deadline)) {
            result = HTTP_TIMEOUT;
            goto done;
        }
        w = send(fd, from, n, MSG_NOSIGNAL);
        if (w < 0 && errno != EAGAIN && errno != EINTR) {
            snprintf(reply->error, sizeof reply->error, "send: %s", strerror(errno));
            goto done;
        }
        if (w > 0)
            sent += (size_t)w;
    }
    /* Headers plus at most max_bytes of body (chunk framing aside): a longer answer is over the cap. */
    cap = max_bytes + 16384;
    buf = malloc(cap + 1);
    if (buf == NULL) {
        snprintf(reply->error, sizeof reply->error, "out of memory");
        goto done;
    }
    for (;;) {
        ssize_t r;
        if (used == cap) {
            result = HTTP_TOO_LARGE;
            goto done;
        }
        if (!wait_fd(fd, POLLIN, deadline)) {
            result = HTTP_TIMEOUT;
            goto done;
        }
        r = recv(fd, buf + used, cap - used, 0);
        if (r < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        if (r < 0) {
            snprintf(reply->error, sizeof reply->error, "recv: %s", strerror(errno));
            goto done;
        }
        if (r == 0)
            break;
        used += (size_t)r;
        buf[used] = '\0';
        hdr_end = strstr(buf, "\r\n\r\n");
        if (hdr_end != NULL && content_length < 0 && !chunked) {
            const char *cl = ci_find(buf, "\r\ncontent-length:");
            if (cl != NULL && cl < hdr_end)
                content_length = strtoll(cl + 17, NULL, 10);
            if (content_length > (long long)max_bytes) {
                result = HTTP_TOO_LARGE;
                goto done;
            }
        }
        if (hdr_end != NULL && content_length >= 0 &&
            used - (size_t)(hdr_end + 4 - buf) >= (size_t)content_length)
            break;
    }
    buf[used] = '\0';
    hdr_end = strstr(buf, "\r\n\r\n");
    if (hdr_end == NULL || strncmp(buf, "HTTP/1.", 7) != 0 || strlen(buf) < 12) {
        snprintf(reply->error, sizeof reply->error, "not an HTTP response");
        goto done;
    }
    reply->status = atoi(buf + 9);
    *hdr_end = '\0';
    for (line = strstr(buf, "\r\n"); line != NULL; line = strstr(line, "\r\n")) {
        line += 2;
        if (strncasecmp(line, "cache-control:", 14) == 0) {
            char *end = strstr(line, "\r\n");
            size_t n = end != NULL ? (size_t)(end - line) : strlen(line);
            for (p = line + 14; *p == ' ' && n > 14; p++, n--) {
            }
            n -= 14;
            if (n >= sizeof reply->cache_control)
                n = sizeof reply->cache_control - 1;
            memcpy(reply->cache_control, p, n);
            reply->cache_control[n] = '\0';
            reply->has_cache_control = 1;
        } else if (strncasecmp(line, "location:", 9) == 0) {
            reply->has_location = 1;
        } else if (strncasecmp(line, "transfer-encoding:", 18) == 0 && ci_find(line, "chunked") != NULL) {
            chunked = 1;
        }
    }
    reply->body_len = used - (size_t)(hdr_end + 4 - buf);
    if (chunked) {
        reply->body_len = dechunk(hdr_end + 4, reply->body_len);
        if (reply->body_len == (size_t)-1) {
            snprintf(reply->error, sizeof reply->error, "malformed chunked body");
            goto done;
        }
    }
    if (reply->body_len > max_bytes) {
        result = HTTP_TOO_LARGE;
        goto done;
    }
    reply->body = malloc(reply->body_len + 1);
    if (reply->body == NULL)
        goto done;
    memcpy(reply->body, hdr_end + 4, reply->body_len);
    reply->body[reply->body_len] = '\0';
    result = HTTP_OK;
done:
    free(buf);
    close(fd);
    return result;
}

/* ------------------------------------------------------------------------------------------------ */
/* The fetch callback                                                                               */
/* ------------------------------------------------------------------------------------------------ */

typedef struct {
    atomic_int calls;
    atomic_int active;
    atomic_int max_active;
} FetchStats;

static int32_t socket_fetch(void *userdata, const KrJwtFetchRequest *req, KrJwtFetchResponse *resp)
{
    FetchStats *stats = userdata;
    HttpReply reply;
    int rc, active;

    atomic_fetch_add(&stats->calls, 1);
    active = atomic_fetch_add(&stats->active, 1) + 1;
    if (active > atomic_load(&stats->max_active))
        atomic_store(&stats->max_active, active);
    rc = http_request("GET", kr_jwt_fetch_request_url(req), NULL, NULL, kr_jwt_fetch_request_timeout_ms(req),
                      kr_jwt_fetch_request_max_bytes(req), &reply);
    if (rc == HTTP_OK) {
        kr_jwt_fetch_response_set_status(resp, (uint16_t)reply.status);
        kr_jwt_fetch_response_set_body(resp, (const uint8_t *)reply.body, reply.body_len);
        if (reply.has_cache_control)
            kr_jwt_fetch_response_set_cache_control(resp, reply.cache_control);
        kr_jwt_fetch_response_set_redirected(resp, reply.has_location);
    } else if (rc == HTTP_ERROR) {
        kr_jwt_fetch_response_set_error(resp, reply.error);
    }
    http_reply_free(&reply);
    atomic_fetch_sub(&stats->active, 1);
    return rc;
}

/* ------------------------------------------------------------------------------------------------ */
/* Servers                                                                                          */
/* ------------------------------------------------------------------------------------------------ */

static const char *g_provider;
static const char *g_faults;
static char g_issuer[256], g_control[256], g_token_endpoint[256], g_client_id[128], g_client_secret[128];

#define RS256_RESOURCE "urn:krjwt:api:rs256"
#define ES256_RESOURCE "urn:krjwt:api:es256"

/* An access token from the provider's client_credentials grant (client_secret_post); malloc'd. */
static char *grant(const char *resource)
{
    char form[512], token[8192];
    HttpReply reply;
    char *out = NULL;

    char resource_encoded[128];
    size_t o = 0;

    /* Percent-encode the colons of the resource indicator (the only reserved character in it). */
    for (const char *p = resource; *p && o < sizeof resource_encoded - 4; p++) {
        if (*p == ':') {
            memcpy(resource_encoded + o, "%3A", 3);
            o += 3;
        } else {
            resource_encoded[o++] = *p;
        }
    }
    resource_encoded[o] = '\0';
    snprintf(form, sizeof form,
             "grant_type=client_credentials&scope=api%%3Aread&resource=%s&client_id=%s&client_secret=%s",
             resource_encoded, g_client_id, g_client_secret);
    if (http_request("POST", g_token_endpoint, "application/x-www-form-urlencoded", form, 10000, 1 << 20,
                     &reply) != HTTP_OK) {
        printf("grant failed: %s\n", reply.error);
        return NULL;
    }
    json_str(reply.body, "access_token", token, sizeof token);
    if (reply.status == 200 && token[0] != '\0')
        out = strdup(token);
    else
        printf("grant: status %d %s\n", reply.status, reply.body);
    http_reply_free(&reply);
    return out;
}

/* POSTs (or GETs, for NULL body) a control route; returns the malloc'd body of a 200 answer. */
static char *control(const char *base, const char *route, const char *body)
{
    char url[512];
    HttpReply reply;
    char *out = NULL;

    snprintf(url, sizeof url, "%s%s", base, route);
    if (http_request(body != NULL ? "POST" : "GET", url, "application/json", body, 10000, 1 << 20, &reply) !=
        HTTP_OK)
        return NULL;
    if (reply.status == 200) {
        out = reply.body;
        reply.body = NULL;
    }
    http_reply_free(&reply);
    return out;
}

/* The provider's own request counters. */
static void provider_counts(long long *discovery, long long *jwks)
{
    char *c = control(g_control, "/counters", NULL);
    *discovery = json_num(c, "discovery");
    *jwks = json_num(c, "jwks");
    free(c);
}

static KrJwtValidator *remote_validator(const char *params, FetchStats *stats)
{
    KrJwtValidator *v = NULL;
    if (!CHECK_STATUS(kr_jwt_validator_new_remote(params, socket_fetch, stats, &v), KR_JWT_STATUS_OK))
        return NULL;
    return v;
}

/* A member of the validator's key source status (-1 when missing). */
static long long status_num(const KrJwtValidator *v, const char *member)
{
    char *json = NULL;
    long long n;
    if (kr_jwt_validator_key_source_status(v, &json) != KR_JWT_STATUS_OK)
        return -1;
    n = json_num(json, member);
    kr_jwt_string_free(json);
    return n;
}

static int status_contains(const KrJwtValidator *v, const char *needle)
{
    char *json = NULL;
    int found;
    if (kr_jwt_validator_key_source_status(v, &json) != KR_JWT_STATUS_OK)
        return 0;
    found = strstr(json, needle) != NULL;
    kr_jwt_string_free(json);
    return found;
}

/* ------------------------------------------------------------------------------------------------ */
/* Scenarios against the servers                                                                    */
/* ------------------------------------------------------------------------------------------------ */

static void test_discovery(void)
{
    char params[1024];
    FetchStats stats = {0};
    long long d, j;
    char *rs = grant(RS256_RESOURCE), *es = grant(ES256_RESOURCE);
    KrJwtValidator *v, *other;

    CHECK(rs != NULL && es != NULL);
    if (rs == NULL || es == NULL)
        goto out;
    free(control(g_control, "/counters/reset", "{}"));
    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"" RS256_RESOURCE
             "\",\"" ES256_RESOURCE "\"],\"valid_types\":[\"at+jwt\"]}",
             g_issuer);
    v = remote_validator(params, &stats);
    CHECK(atomic_load(&stats.calls) == 0); /* nothing at creation */
    CHECK_STATUS(kr_jwt_validate(v, rs, NULL), KR_JWT_STATUS_OK);
    CHECK_STATUS(kr_jwt_validate(v, es, NULL), KR_JWT_STATUS_OK);
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 1);
    CHECK(status_num(v, "fetches_ok") == 2 && atomic_load(&stats.calls) == 2);
    CHECK(status_contains(v, g_issuer));
    printf("discovery: fetches discovery=%lld jwks=%lld\n", d, j);
    kr_jwt_validator_free(v);

    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"urn:someone-else\"]}", g_issuer);
    other = remote_validator(params, &stats);
    CHECK_FAILS_WITH(kr_jwt_validate(other, rs, NULL), KR_JWT_STATUS_INVALID_AUDIENCE, "audience");
    kr_jwt_validator_free(other);

    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_issuers\":[\"https://someone-else.example\"],"
             "\"valid_audiences\":[\"" RS256_RESOURCE "\"]}",
             g_issuer);
    other = remote_validator(params, &stats);
    CHECK_FAILS_WITH(kr_jwt_validate(other, rs, NULL), KR_JWT_STATUS_INVALID_ISSUER, "issuer");
    kr_jwt_validator_free(other);
out:
    free(rs);
    free(es);
}

static void test_rotation(void)
{
    char params[1024], body[256], kid[128], old_kid[128];
    FetchStats stats = {0};
    long long d, j;
    char *state, *old_token = grant(RS256_RESOURCE), *new_token = NULL, *r;
    KrJwtValidator *v;

    CHECK(old_token != NULL);
    if (old_token == NULL)
        return;
    state = control(g_control, "/state", NULL);
    {
        /* "signing":{"RS256":"<kid>",…} */
        const char *s = state != NULL ? strstr(state, "\"signing\":") : NULL;
        json_str(s, "RS256", old_kid, sizeof old_kid);
    }
    free(state);
    free(control(g_control, "/counters/reset", "{}"));
    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"" RS256_RESOURCE
             "\"],\"jwks_refresh_cooldown_seconds\":1,\"jwks_cache_max_age_seconds\":6}",
             g_issuer);
    v = remote_validator(params, &stats);
    CHECK_STATUS(kr_jwt_validate(v, old_token, NULL), KR_JWT_STATUS_OK);
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 1);
    printf("rotation: start discovery=%lld jwks=%lld\n", d, j);

    r = control(g_control, "/keys/add", "{\"alg\":\"RS256\"}");
    json_str(r, "kid", kid, sizeof kid);
    free(r);
    CHECK(kid[0] != '\0');
    CHECK_STATUS(kr_jwt_validate(v, old_token, NULL), KR_JWT_STATUS_OK);
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 1); /* added, not signing: no fetch */
    printf("rotation: add discovery=%lld jwks=%lld\n", d, j);

    sleep_ms(1100); /* past the cooldown */
    snprintf(body, sizeof body, "{\"kid\":\"%s\"}", kid);
    free(control(g_control, "/keys/promote", body));
    new_token = grant(RS256_RESOURCE);
    CHECK_STATUS(kr_jwt_validate(v, new_token, NULL), KR_JWT_STATUS_OK);
    CHECK_STATUS(kr_jwt_validate(v, new_token, NULL), KR_JWT_STATUS_OK);
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 2); /* one JWKS fetch for the new kid */
    CHECK(status_num(v, "kid_misses") == 1);
    printf("rotation: promote discovery=%lld jwks=%lld\n", d, j);

    snprintf(body, sizeof body, "{\"kid\":\"%s\"}", old_kid);
    free(control(g_control, "/keys/retire", body));
    CHECK_STATUS(kr_jwt_validate(v, old_token, NULL), KR_JWT_STATUS_OK); /* still cached */
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 2);
    printf("rotation: retire discovery=%lld jwks=%lld\n", d, j);

    sleep_ms(6200); /* past the max age */
    CHECK_FAILS_WITH(kr_jwt_validate(v, old_token, NULL), KR_JWT_STATUS_NO_MATCHING_KEY, old_kid);
    provider_counts(&d, &j);
    CHECK(d == 2 && j == 3); /* the max-age refresh: discovery + JWKS */
    CHECK_STATUS(kr_jwt_validate(v, new_token, NULL), KR_JWT_STATUS_OK);
    CHECK(status_num(v, "fetches_ok") == 5 && status_num(v, "fetches_failed") == 0);
    CHECK(atomic_load(&stats.calls) == 5 && atomic_load(&stats.max_active) == 1);
    printf("rotation: after max age discovery=%lld jwks=%lld (status fetches_ok=%lld)\n", d, j,
           status_num(v, "fetches_ok"));
    kr_jwt_validator_free(v);
    free(old_token);
    free(new_token);
}

static void test_outages(void)
{
    char params[1024];
    FetchStats stats = {0};
    long long d, j;
    char *token = grant(ES256_RESOURCE);
    KrJwtValidator *v;
    int i;

    CHECK(token != NULL);
    if (token == NULL)
        return;
    free(control(g_control, "/counters/reset", "{}"));
    free(control(g_control, "/down", "{\"mode\":\"503\"}"));
    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"" ES256_RESOURCE
             "\"],\"jwks_refresh_cooldown_seconds\":1,\"jwks_cache_max_age_seconds\":2,"
             "\"jwks_stale_if_error_seconds\":2}",
             g_issuer);
    v = remote_validator(params, &stats);
    CHECK_FAILS_WITH(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, "status 503");
    for (i = 0; i < 10; i++)
        CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE);
    provider_counts(&d, &j);
    CHECK(d == 1 && j == 0); /* backoff: one fetch however many tokens */
    CHECK(status_num(v, "fetches_failed") == 1 && status_num(v, "suppressed_refreshes") == 10);
    CHECK(status_contains(v, "\"last_error\":\"") && status_num(v, "consecutive_failures") == 1);
    printf("down at start: 11 tokens, discovery=%lld jwks=%lld\n", d, j);

    free(control(g_control, "/up", "{}"));
    sleep_ms(1100); /* the first backoff step is the cooldown */
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK);
    provider_counts(&d, &j);
    CHECK(d == 2 && j == 1);
    printf("recovered: discovery=%lld jwks=%lld\n", d, j);

    /* Down later: past the max age the old set is served within the stale window, then refused. */
    free(control(g_control, "/down", "{\"mode\":\"503\"}"));
    sleep_ms(2100);
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK);
    CHECK(status_num(v, "stale_served") == 1);
    CHECK_FAILS_WITH(kr_jwt_validator_key_source_refresh(v), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, "503");
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK); /* the 503 kept the old set */
    sleep_ms(2100);
    CHECK_FAILS_WITH(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, "stale");
    provider_counts(&d, &j);
    printf("down later: stale_served=%lld fetches_failed=%lld discovery=%lld jwks=%lld\n",
           status_num(v, "stale_served"), status_num(v, "fetches_failed"), d, j);
    free(control(g_control, "/up", "{}"));
    kr_jwt_validator_free(v);
    free(token);
}

typedef struct {
    const KrJwtValidator *v;
    const char *token;
    int ok;
} ThreadArg;

static void *validate_thread(void *p)
{
    ThreadArg *a = p;
    a->ok = kr_jwt_validate(a->v, a->token, NULL) == KR_JWT_STATUS_OK;
    return NULL;
}

static void test_cold_start_threads(void)
{
    enum { N = 64 };
    char params[1024];
    FetchStats stats = {0};
    pthread_t threads[N];
    ThreadArg args[N];
    long long d, j;
    int i, ok = 0;
    char *token = grant(RS256_RESOURCE);
    KrJwtValidator *v;

    CHECK(token != NULL);
    if (token == NULL)
        return;
    free(control(g_control, "/counters/reset", "{}"));
    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"" RS256_RESOURCE "\"]}", g_issuer);
    v = remote_validator(params, &stats);
    for (i = 0; i < N; i++) {
        args[i] = (ThreadArg){v, token, 0};
        pthread_create(&threads[i], NULL, validate_thread, &args[i]);
    }
    for (i = 0; i < N; i++) {
        pthread_join(threads[i], NULL);
        ok += args[i].ok;
    }
    provider_counts(&d, &j);
    CHECK(ok == N);
    CHECK(d == 1 && j == 1);
    CHECK(atomic_load(&stats.max_active) == 1); /* never twice at once */
    printf("cold start, %d threads: discovery=%lld jwks=%lld, callback concurrency %d\n", N, d, j,
           atomic_load(&stats.max_active));
    kr_jwt_validator_free(v);
    free(token);
}

/* base64url without padding of len bytes of in, into out (NUL-terminated; out holds 4 * len / 3 + 4). */
static void b64url(const unsigned char *in, size_t len, char *out)
{
    static const char A[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    size_t i, o = 0;
    for (i = 0; i + 2 < len; i += 3) {
        out[o++] = A[in[i] >> 2];
        out[o++] = A[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
        out[o++] = A[((in[i + 1] & 15) << 2) | (in[i + 2] >> 6)];
        out[o++] = A[in[i + 2] & 63];
    }
    if (len - i == 1) {
        out[o++] = A[in[i] >> 2];
        out[o++] = A[(in[i] & 3) << 4];
    } else if (len - i == 2) {
        out[o++] = A[in[i] >> 2];
        out[o++] = A[((in[i] & 3) << 4) | (in[i + 1] >> 4)];
        out[o++] = A[(in[i + 1] & 15) << 2];
    }
    out[o] = '\0';
}

enum { FLOOD_THREADS = 8, FLOOD_PER_THREAD = 125, FLOOD_VALID_EVERY = 25 };

typedef struct {
    const KrJwtValidator *v;
    const char *valid;
    unsigned seed;
    int bogus_refused; /* unknown-kid tokens refused with KeyNotFound */
    int valid_ok;      /* valid tokens accepted while the flood runs */
    int valid_sent;
} FloodArg;

static void *flood_thread(void *p)
{
    FloodArg *a = p;
    char header[128], token[512], h64[200];
    int i;
    for (i = 0; i < FLOOD_PER_THREAD; i++) {
        unsigned r1 = (unsigned)rand_r(&a->seed), r2 = (unsigned)rand_r(&a->seed);
        KrJwtStatus st;
        snprintf(header, sizeof header, "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"bogus-%08x%08x\"}", r1, r2);
        b64url((const unsigned char *)header, strlen(header), h64);
        snprintf(token, sizeof token, "%s.eyJpc3MiOiJ4In0.c2lnbmF0dXJl", h64);
        st = kr_jwt_validate(a->v, token, NULL);
        a->bogus_refused += st == KR_JWT_STATUS_NO_MATCHING_KEY;
        if (i % FLOOD_VALID_EVERY == 0) {
            a->valid_sent++;
            a->valid_ok += kr_jwt_validate(a->v, a->valid, NULL) == KR_JWT_STATUS_OK;
        }
    }
    return NULL;
}

/* Scenario 5: 1,000 tokens with random unknown kids from 8 threads cost at most one fetch per cooldown
 * (2 s here, and past when the flood starts, so that the first unknown kid may refresh), and valid tokens
 * keep validating. */
static void test_unknown_kid_flood(void)
{
    char params[1024];
    FetchStats stats = {0};
    pthread_t threads[FLOOD_THREADS];
    FloodArg args[FLOOD_THREADS];
    long long d, j;
    int i, refused = 0, valid_ok = 0, valid_sent = 0;
    int64_t started;
    char *token = grant(RS256_RESOURCE);
    KrJwtValidator *v;

    CHECK(token != NULL);
    if (token == NULL)
        return;
    snprintf(params, sizeof params,
             "{\"authority\":\"%s\",\"allow_http\":true,\"jwks_refresh_cooldown_seconds\":2,"
             "\"valid_audiences\":[\"" RS256_RESOURCE "\"]}",
             g_issuer);
    v = remote_validator(params, &stats);
    if (v == NULL) {
        free(token);
        return;
    }
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK); /* warm: discovery + JWKS */
    sleep_ms(2100);                                                   /* the cooldown is over */
    free(control(g_control, "/counters/reset", "{}"));
    started = mono_ms();
    for (i = 0; i < FLOOD_THREADS; i++) {
        args[i] = (FloodArg){v, token, 0x9e3779b9u * (unsigned)(i + 1), 0, 0, 0};
        pthread_create(&threads[i], NULL, flood_thread, &args[i]);
    }
    for (i = 0; i < FLOOD_THREADS; i++) {
        pthread_join(threads[i], NULL);
        refused += args[i].bogus_refused;
        valid_ok += args[i].valid_ok;
        valid_sent += args[i].valid_sent;
    }
    provider_counts(&d, &j);
    printf("unknown-kid flood: %d tokens from %d threads in %lld ms: discovery=%lld jwks=%lld kid_misses=%lld "
           "suppressed=%lld negative_hits=%lld, valid %d/%d\n",
           FLOOD_THREADS * FLOOD_PER_THREAD, FLOOD_THREADS, (long long)(mono_ms() - started), d, j,
           status_num(v, "kid_misses"), status_num(v, "suppressed_refreshes"), status_num(v, "negative_cache_hits"),
           valid_ok, valid_sent);
    CHECK(refused == FLOOD_THREADS * FLOOD_PER_THREAD);
    CHECK(valid_ok == valid_sent && valid_sent == FLOOD_THREADS * (FLOOD_PER_THREAD / FLOOD_VALID_EVERY));
    /* The first unknown kid refreshes once; then at most one more per 2 s cooldown; discovery not repeated. */
    CHECK(d == 0 && j >= 1 && j <= 1 + (mono_ms() - started) / 2000);
    CHECK(status_num(v, "kid_misses") == FLOOD_THREADS * FLOOD_PER_THREAD);
    /* Every miss but the one that refreshed (and those that waited for that refresh, one per thread at the
     * most) was answered without a fetch. */
    CHECK(status_num(v, "suppressed_refreshes") + status_num(v, "negative_cache_hits") >=
          FLOOD_THREADS * FLOOD_PER_THREAD - FLOOD_THREADS);
    kr_jwt_validator_free(v);
    free(token);
}

static KrJwtValidator *faults_validator(const char *route, const char *extra, FetchStats *stats)
{
    char url[256], params[1024];
    json_str(g_faults, route, url, sizeof url);
    snprintf(params, sizeof params,
             "{\"jwks_uri\":\"%s\",\"valid_issuers\":[\"%s\"],\"allow_http\":true,\"valid_audiences\":[\"" RS256_RESOURCE
             "\"]%s}",
             url, g_issuer, extra);
    return remote_validator(params, stats);
}

static void test_faults(void)
{
    static const struct {
        const char *route;
        const char *why;
    } refused[] = {
        {"big", "size cap"},
        {"redirect", "redirect"},
        {"html", "JSON"},
        {"unavailable", "status 503"},
        {"private", "private key material"},
        {"empty", "no keys"},
    };
    FetchStats stats = {0};
    char set_url[256], base[256];
    HttpReply jwks;
    char *token = grant(RS256_RESOURCE), *provider_jwks = NULL;
    KrJwtValidator *v;
    int64_t started;
    size_t i;

    CHECK(token != NULL);
    if (token == NULL)
        return;
    /* The fault server serves the provider's public keys, so the provider's tokens validate against it. */
    json_str(g_provider, "jwks_uri", base, sizeof base);
    if (http_request("GET", base, NULL, NULL, 10000, 1 << 20, &jwks) == HTTP_OK) {
        provider_jwks = jwks.body;
        jwks.body = NULL;
    }
    http_reply_free(&jwks);
    json_str(g_faults, "base", base, sizeof base);
    snprintf(set_url, sizeof set_url, "%s", "/set");
    {
        char *r = control(base, set_url, provider_jwks);
        CHECK(r != NULL);
        free(r);
    }
    free(provider_jwks);

    v = faults_validator("jwks", "", &stats);
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK);
    kr_jwt_validator_free(v);

    v = faults_validator("hang", ",\"http_timeout_seconds\":0.5", &stats);
    started = mono_ms();
    CHECK_FAILS_WITH(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, "timed out");
    CHECK(mono_ms() - started < 3000);
    printf("fault hang: refused after %lld ms (timeout 500 ms)\n", (long long)(mono_ms() - started));
    kr_jwt_validator_free(v);

    for (i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        v = faults_validator(refused[i].route, "", &stats);
        CHECK_FAILS_WITH(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, refused[i].why);
        CHECK(status_num(v, "fetches_failed") == 1);
        kr_jwt_validator_free(v);
    }

    v = faults_validator("unknownKty", "", &stats);
    CHECK_STATUS(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_OK);
    CHECK(status_contains(v, "\"skipped_keys\":[{\"index\":0,\"kid\":\"unknown-kty\""));
    {
        char *described = NULL;
        CHECK_STATUS(kr_jwt_validator_params(v, &described), KR_JWT_STATUS_OK);
        CHECK(described != NULL && strstr(described, "\"skipped_keys\":[{") != NULL);
        kr_jwt_string_free(described);
    }
    kr_jwt_validator_free(v);

    {
        char url[256], params[1024];
        json_str(g_faults, "badIssuerAuthority", url, sizeof url);
        snprintf(params, sizeof params, "{\"authority\":\"%s\",\"allow_http\":true,\"valid_audiences\":[\"x\"]}",
                 url);
        v = remote_validator(params, &stats);
        CHECK_FAILS_WITH(kr_jwt_validate(v, token, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE,
                         "not the expected");
        kr_jwt_validator_free(v);
    }
    free(token);
}

/* ------------------------------------------------------------------------------------------------ */
/* The callback contract, without a network                                                         */
/* ------------------------------------------------------------------------------------------------ */

static const char SCRIPTED_PARAMS[] =
    "{\"jwks_uri\":\"https://idp.example/keys\",\"valid_issuers\":[\"https://idp.example\"],"
    "\"valid_audiences\":[\"api\"],\"http_timeout_seconds\":2,\"max_jwks_bytes\":64}";
/* A token whose kid no set has: validation asks the source, which calls the callback. */
static const char ANY_TOKEN[] = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOiJ4In0.c2ln";

typedef struct {
    int mode;
    int calls;
    char url[256];
    uint32_t timeout_ms;
    size_t max_bytes;
    KrJwtStatus setter;
} Scripted;

static int32_t scripted_fetch(void *userdata, const KrJwtFetchRequest *req, KrJwtFetchResponse *resp)
{
    Scripted *s = userdata;
    static const uint8_t big[65] = {0};
    s->calls++;
    snprintf(s->url, sizeof s->url, "%s", kr_jwt_fetch_request_url(req));
    s->timeout_ms = kr_jwt_fetch_request_timeout_ms(req);
    s->max_bytes = kr_jwt_fetch_request_max_bytes(req);
    switch (s->mode) {
    case 0: /* returns "filled" without a status */
        return 0;
    case 1: /* a garbage result code */
        return 77;
    case 2: /* a body over the cap, then "filled" */
        kr_jwt_fetch_response_set_status(resp, 200);
        s->setter = kr_jwt_fetch_response_set_body(resp, big, sizeof big);
        return 0;
    case 3:
        return 1;
    case 4:
        kr_jwt_fetch_response_set_error(resp, "no route to host");
        return -5;
    case 5: /* bad setter arguments are errors, not crashes */
        s->setter = kr_jwt_fetch_response_set_status(resp, 42);
        if (kr_jwt_fetch_response_set_body(resp, NULL, 3) != KR_JWT_STATUS_NULL_ARGUMENT ||
            kr_jwt_fetch_response_set_cache_control(resp, "\xff") != KR_JWT_STATUS_INVALID_UTF8 ||
            kr_jwt_fetch_response_set_cache_control(resp, NULL) != KR_JWT_STATUS_NULL_ARGUMENT ||
            kr_jwt_fetch_response_set_status(NULL, 200) != KR_JWT_STATUS_NULL_ARGUMENT)
            s->setter = KR_JWT_STATUS_INTERNAL;
        kr_jwt_fetch_response_set_status(resp, 200);
        kr_jwt_fetch_response_set_body(resp, (const uint8_t *)"{\"keys\":[]}", 11);
        return 0;
    default: /* 2 = body over the cap, reported by the callback */
        return 2;
    }
}

static void test_callback_contract(void)
{
    static const struct {
        int mode;
        const char *why;
    } cases[] = {
        {0, "without setting a status"}, {1, "result 77"},        {2, "size cap"},
        {3, "timed out"},                {4, "no route to host"}, {5, "no keys"},
        {6, "size cap"},
    };
    KrJwtValidator *v = NULL;
    char *json = NULL;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Scripted s = {0};
        s.mode = cases[i].mode;
        s.setter = KR_JWT_STATUS_OK;
        CHECK_STATUS(kr_jwt_validator_new_remote(SCRIPTED_PARAMS, scripted_fetch, &s, &v), KR_JWT_STATUS_OK);
        CHECK_FAILS_WITH(kr_jwt_validate(v, ANY_TOKEN, NULL), KR_JWT_STATUS_KEY_SOURCE_UNAVAILABLE, cases[i].why);
        CHECK(s.calls == 1 && strcmp(s.url, "https://idp.example/keys") == 0);
        CHECK(s.timeout_ms == 2000 && s.max_bytes == 64);
        if (s.mode == 2 || s.mode == 5)
            CHECK(s.setter == KR_JWT_STATUS_INVALID_ARGUMENT);
        CHECK(status_num(v, "fetches_failed") == 1);
        kr_jwt_validator_free(v);
        v = NULL;
    }

    /* The boundary: NULLs, UTF-8, a validator without a source. */
    CHECK_STATUS(kr_jwt_validator_new_remote(SCRIPTED_PARAMS, NULL, NULL, &v), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK(v == NULL);
    CHECK_STATUS(kr_jwt_validator_new_remote(NULL, scripted_fetch, NULL, &v), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_new_remote(SCRIPTED_PARAMS, scripted_fetch, NULL, NULL),
                 KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_new_remote("{\"jwks_uri\":\"\xff\"}", scripted_fetch, NULL, &v),
                 KR_JWT_STATUS_INVALID_UTF8);
    CHECK_FAILS_WITH(kr_jwt_validator_new_remote("{\"valid_audiences\":[\"api\"]}", scripted_fetch, NULL, &v),
                     KR_JWT_STATUS_INVALID_ARGUMENT, "needs one of");
    CHECK_FAILS_WITH(kr_jwt_validator_new_remote("{\"authority\":\"http://idp.example\"}", scripted_fetch, NULL, &v),
                     KR_JWT_STATUS_INVALID_ARGUMENT, "http");
    CHECK(kr_jwt_fetch_request_url(NULL) == NULL);
    CHECK(kr_jwt_fetch_request_timeout_ms(NULL) == 0 && kr_jwt_fetch_request_max_bytes(NULL) == 0);
    CHECK_STATUS(kr_jwt_fetch_response_set_redirected(NULL, true), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_fetch_response_set_error(NULL, "x"), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_key_source_status(NULL, &json), KR_JWT_STATUS_NULL_ARGUMENT);
    CHECK_STATUS(kr_jwt_validator_key_source_refresh(NULL), KR_JWT_STATUS_NULL_ARGUMENT);
    {
        KrJwtKey *key = NULL;
        KrJwtValidator *statik = NULL;
        const KrJwtKey *keys[1];
        CHECK_STATUS(kr_jwt_key_import(KR_JWT_KEY_FORMAT_HEX, (const uint8_t *)"00112233445566778899aabbccddeeff"
                                                                               "00112233445566778899aabbccddeeff",
                                       64, &key),
                     KR_JWT_STATUS_OK);
        keys[0] = key;
        CHECK_STATUS(kr_jwt_validator_new("{\"valid_issuers\":[\"x\"],\"valid_audiences\":[\"y\"]}", keys, 1, &statik), KR_JWT_STATUS_OK);
        CHECK_FAILS_WITH(kr_jwt_validator_key_source_status(statik, &json), KR_JWT_STATUS_INVALID_ARGUMENT,
                         "static keys");
        CHECK(json == NULL);
        CHECK_FAILS_WITH(kr_jwt_validator_key_source_refresh(statik), KR_JWT_STATUS_INVALID_ARGUMENT, "static keys");
        kr_jwt_validator_free(statik);
        kr_jwt_key_free(key);
    }
    {
        /* The status JSON of a fresh source has every contract field. */
        static const char *fields[] = {"authority",        "metadata_url",         "jwks_uri",
                                       "issuers",          "key_ids",              "skipped_keys",
                                       "fetches_ok",       "fetches_failed",       "consecutive_failures",
                                       "last_success_ms",  "last_error",           "last_error_ms",
                                       "kid_misses",       "suppressed_refreshes", "negative_cache_hits",
                                       "stale_served",     "keys_fetched_at_ms",   "fresh_until_ms",
                                       "next_refresh_ms",  "fetch_in_progress",    "seeded"};
        Scripted s = {0};
        char pattern[64];
        CHECK_STATUS(kr_jwt_validator_new_remote(SCRIPTED_PARAMS, scripted_fetch, &s, &v), KR_JWT_STATUS_OK);
        CHECK_STATUS(kr_jwt_validator_key_source_status(v, &json), KR_JWT_STATUS_OK);
        for (i = 0; i < sizeof fields / sizeof fields[0]; i++) {
            snprintf(pattern, sizeof pattern, "\"%s\":", fields[i]);
            CHECK(strstr(json, pattern) != NULL);
        }
        kr_jwt_string_free(json);
        CHECK(s.calls == 0);
        kr_jwt_validator_free(v);
    }
}

int main(void)
{
    g_provider = getenv("KRJWT_PROVIDER_READY");
    g_faults = getenv("KRJWT_FAULTS_READY");

    test_callback_contract();
    if (g_provider != NULL && g_faults != NULL && g_provider[0] != '\0' && g_faults[0] != '\0') {
        json_str(g_provider, "issuer", g_issuer, sizeof g_issuer);
        json_str(g_provider, "control", g_control, sizeof g_control);
        json_str(g_provider, "token_endpoint", g_token_endpoint, sizeof g_token_endpoint);
        json_str(g_provider, "client_id", g_client_id, sizeof g_client_id);
        json_str(g_provider, "client_secret", g_client_secret, sizeof g_client_secret);
        test_discovery();
        test_rotation();
        test_outages();
        test_cold_start_threads();
        test_unknown_kid_flood();
        test_faults();
    } else {
        /* tests/c/run.sh always starts the servers; without them nothing was proven. */
        printf("FAIL: the servers' ready lines (KRJWT_PROVIDER_READY, KRJWT_FAULTS_READY) are not set\n");
        g_failed++;
    }
    printf("C remote: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
