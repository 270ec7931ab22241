/* The C test runner: every area in order, then "C: N passed, M failed" (exit status 1 when M > 0). */
#include "common.h"

#include <stdio.h>

int main(void)
{
    static const struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"version and status names", test_version_and_status_names},
        {"defaults", test_defaults},
        {"key import, info and copy", test_keys},
        {"issue and validate HS256", test_issue_hs256},
        {"explicit validator", test_explicit_validator},
        {"issuer and audience required", test_issuer_audience_required},
        {"weak verification key", test_weak_verification_key},
        {"maximum token age", test_max_token_age},
        {"tampering and malformed tokens", test_tampering},
        {"expiry and not-before", test_expiry},
        {"HS384 / HS512 / Auto", test_other_algorithms},
        {"renew and reissue", test_renew_reissue},
        {"generated keys, export, thumbprint, JWKS", test_generated_keys},
        {"key generation from a spec", test_key_spec},
        {"bad input", test_bad_input},
        {"NULL arguments", test_null_arguments},
        {"batch validation", test_batch},
        {"decode without validation", test_decode},
        {"copy independence", test_copy_independence},
        {"bearer authentication, policies, clock skew", test_bearer},
        {"validation events, statistics", test_events},
        {"10 MB and empty strings", test_huge_and_empty_strings},
        {"every algorithm", test_every_algorithm},
        {"nested JWT (JWE)", test_jwe},
        {"every JWE pair", test_jwe_all_pairs},
        {"fork after a batch", test_fork_after_batch},
        {"hostile test tokens", test_test_tokens},
    };
    size_t i;

    for (i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        printf("-- %s\n", tests[i].name);
        fflush(stdout);
        tests[i].fn();
    }

    printf("C: %d passed, %d failed\n", g_passed, g_failed);
    fflush(stdout);
    return g_failed > 0 ? 1 : 0;
}
