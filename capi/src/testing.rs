//! Hostile tokens FOR TESTS (`kr_jwt_core::testing`): a token with exactly one defect, or the set of them.

use std::ffi::c_char;

use kr_jwt_core::testing::{Defect, test_token, test_token_set_json};
use serde_json::json;

use crate::boundary::{Out, borrow, guard, optional_text};
use crate::{KrJwtBuilder, KrJwtStatus};

/// FOR TESTS: tokens that differ from one `builder` would issue by exactly one defect, signed with its
/// key wherever the defect allows, to test that a service refuses them. `defect` names one (`Expired`,
/// `NotYetValid`, `WrongIssuer`, `WrongAudience`, `TamperedPayload`, `TamperedSignature`, `AlgNone`,
/// `AlgConfusion`, `UnknownKid`, `WrongKey`, `MissingExp`, `DuplicateClaim`, `Oversized`,
/// `CritUnknown`; case-insensitive); NULL makes every defect that applies to the builder. `*json_out`
/// gets `{"tokens":[{"defect","token","expected_reason","expected_http_status"}],
/// "skipped":[{"defect","reason"}]}` (free with `kr_jwt_string_free`); `expected_reason` is the status
/// name a validator made from the builder's result refuses the token with. The builder is not changed.
/// Returns KR_JWT_STATUS_OK; KR_JWT_STATUS_NULL_ARGUMENT (`builder` or `json_out` NULL);
/// KR_JWT_STATUS_INVALID_UTF8; KR_JWT_STATUS_INVALID_ARGUMENT (an unknown defect, one that does not apply
/// to the builder, or a builder that encrypts); KR_JWT_STATUS_NOT_PROTECTED (no signing key);
/// KR_JWT_STATUS_INTERNAL; KR_JWT_STATUS_PANIC.
#[unsafe(no_mangle)]
pub extern "C" fn kr_jwt_builder_test_tokens(
    builder: *const KrJwtBuilder,
    defect: *const c_char,
    json_out: *mut *mut c_char,
) -> KrJwtStatus {
    guard(|| {
        let out = Out::new(json_out, "json_out")?;
        let builder = &borrow(builder, "builder")?.0;
        let answer = match optional_text(defect, "defect")? {
            None => test_token_set_json(builder)?,
            Some(name) => {
                let token = test_token(builder, Defect::parse(name)?)?;
                json!({ "tokens": [token.to_json()], "skipped": [] })
            }
        };
        out.put_json(&answer)
    })
}
