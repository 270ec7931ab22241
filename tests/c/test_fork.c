/* fork() after a batch: no thread pool survives a batch, so a forked child validates too (issue 12, item 3). */
/* fork(), waitpid(), alarm(). */
#define _POSIX_C_SOURCE 200809L

#include "common.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* Validates the same FORK_BATCH tokens in one batch; 1 when every status is OK. */
#define FORK_BATCH 256
static int batch_all_ok(const KrJwtValidator *v, const char *const *tokens)
{
    KrJwtStatus statuses[FORK_BATCH];
    int i;

    if (kr_jwt_validate_batch(v, (const char **)tokens, FORK_BATCH, statuses) != KR_JWT_STATUS_OK) {
        return 0;
    }
    for (i = 0; i < FORK_BATCH; i++) {
        if (statuses[i] != KR_JWT_STATUS_OK) {
            return 0;
        }
    }
    return 1;
}

/* A pre-forking server warms up in the parent: a batch big enough to run on several threads, then
 * fork(). The child's own batch must finish (no pool whose threads did not survive the fork); alarm()
 * turns a hang into SIGALRM, which the parent reports. */
void test_fork_after_batch(void)
{
    KrJwtKey *key = import_hex(KEY32_A);
    KrJwtBuilder *b = std_builder(key, "HS256");
    char *tokens[FORK_BATCH];
    int i;
    int status = 0;
    pid_t pid;

    for (i = 0; i < FORK_BATCH; i++) {
        KrJwtResult *r = build(b);
        char *t = get_token(r);

        tokens[i] = t != NULL ? dup_string(t) : dup_string("missing");
        kr_jwt_string_free(t);
        kr_jwt_result_free(r);
    }
    {
        KrJwtResult *r = build(b);
        KrJwtValidator *v = result_validator(r);

        CHECK(v != NULL && batch_all_ok(v, (const char *const *)tokens));
        fflush(stdout);
        fflush(stderr);
        pid = fork();
        if (pid == 0) {
            int code;

            alarm(60);
            code = batch_all_ok(v, (const char *const *)tokens) ? 0 : 1;
            /* The child owns copies of everything: freed, so valgrind's check of the child is clean. */
            kr_jwt_validator_free(v);
            kr_jwt_result_free(r);
            for (i = 0; i < FORK_BATCH; i++) {
                free(tokens[i]);
            }
            kr_jwt_builder_free(b);
            kr_jwt_key_free(key);
            _exit(code);
        }
        CHECK(pid > 0);
        if (pid > 0) {
            CHECK(waitpid(pid, &status, 0) == pid);
            if (WIFSIGNALED(status)) {
                printf("   the child was killed by signal %d%s\n", WTERMSIG(status),
                       WTERMSIG(status) == SIGALRM ? " (SIGALRM: its batch hung for 60 s)" : "");
            }
            CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        }
        /* The parent can still validate after the fork too. */
        CHECK(v != NULL && batch_all_ok(v, (const char *const *)tokens));
        kr_jwt_validator_free(v);
        kr_jwt_result_free(r);
    }
    for (i = 0; i < FORK_BATCH; i++) {
        free(tokens[i]);
    }
    kr_jwt_builder_free(b);
    kr_jwt_key_free(key);
}
