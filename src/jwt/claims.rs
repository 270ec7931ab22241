//! Claim names: Kestrun's `UserIdentityClaim` enum and the outbound long-URI → JWT-name map
//! (kestrun-reference.md §3.3). One table, used by the builder; nothing else maps names.

use crate::base::error::{Result, err};
use crate::base::text::printable;

const X: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
const M: &str = "http://schemas.microsoft.com/ws/2008/06/identity/claims/";
const X9: &str = "http://schemas.xmlsoap.org/ws/2009/09/identity/claims/";

/// `UserIdentityClaim` member → (namespace, local name). Kestrun's numbering order.
const USER_CLAIMS: &[(&str, &str, &str)] = &[
    ("Actor", X9, "actor"),
    ("Anonymous", X, "anonymous"),
    ("Authentication", X, "authentication"),
    ("AuthenticationInstant", M, "authenticationinstant"),
    ("AuthenticationMethod", M, "authenticationmethod"),
    ("AuthorizationDecision", X, "authorizationdecision"),
    ("Country", X, "country"),
    ("DateOfBirth", X, "dateofbirth"),
    ("Dns", X, "dns"),
    ("DenyOnlyPrimaryGroupSid", M, "denyonlyprimarygroupsid"),
    ("DenyOnlyPrimarySid", M, "denyonlyprimarysid"),
    ("DenyOnlySid", X, "denyonlysid"),
    (
        "DenyOnlyWindowsDeviceGroup",
        M,
        "denyonlywindowsdevicegroup",
    ),
    ("Email", M, "email"),
    ("EmailAddress", X, "emailaddress"),
    ("Expiration", M, "expiration"),
    ("GivenName", X, "givenname"),
    ("Gender", X, "gender"),
    ("GroupSid", M, "groupsid"),
    ("Hash", X, "hash"),
    ("HomePhone", X, "homephone"),
    ("IsPersistent", M, "ispersistent"),
    ("Issuer", X, "issuer"),
    ("Locality", X, "locality"),
    ("MobilePhone", X, "mobilephone"),
    ("Name", X, "name"),
    ("NameIdentifier", X, "nameidentifier"),
    ("OtherPhone", X, "otherphone"),
    ("PostalCode", X, "postalcode"),
    ("PrimaryGroupSid", M, "primarygroupsid"),
    ("PrimarySid", M, "primarysid"),
    ("Ppid", X, "ppid"),
    ("PrivatePpid", X, "privateppid"),
    ("Role", M, "role"),
    ("Rsa", X, "rsa"),
    ("SerialNumber", M, "serialnumber"),
    ("Sid", X, "sid"),
    ("Spn", X, "spn"),
    ("StateOrProvince", X, "stateorprovince"),
    ("StreetAddress", X, "streetaddress"),
    ("Surname", X, "surname"),
    ("System", X, "system"),
    ("Thumbprint", X, "thumbprint"),
    ("Upn", X, "upn"),
    ("Uri", X, "uri"),
    ("UserData", M, "userdata"),
    ("Version", M, "version"),
    ("Webpage", X, "webpage"),
    ("WindowsAccountName", M, "windowsaccountname"),
    ("WindowsDeviceClaim", X, "windowsdeviceClaim"),
    ("WindowsDeviceGroup", X, "windowsdevicegroup"),
    ("WindowsFqbnVersion", X, "windowsfqbnversion"),
    ("WindowsSubAuthority", X, "windowssubauthority"),
    ("WindowsGroup", X, "windowsgroup"),
    ("WindowsGroupSid", X, "windowsgroupsid"),
    ("WindowsSid", X, "windowsid"),
    ("WindowsDevice", X, "windowsdevice"),
];

/// Long claim URI → short JWT name (the issuing library's outbound map). Unlisted names pass verbatim.
const OUTBOUND: &[(&str, &str, &str)] = &[
    (X9, "actor", "actort"),
    (X, "dateofbirth", "birthdate"),
    (X, "emailaddress", "email"),
    (X, "surname", "family_name"),
    (X, "gender", "gender"),
    (X, "givenname", "given_name"),
    (X, "nameidentifier", "nameid"),
    (X, "webpage", "website"),
    (X, "name", "unique_name"),
    (M, "authenticationmethod", "authmethod"),
    (X, "rsa", "certpublickey"),
    (M, "serialnumber", "certserialnumber"),
    (X, "thumbprint", "certthumbprint"),
    (M, "denyonlyprimarygroupsid", "denyonlyprimarygroupsid"),
    (M, "denyonlyprimarysid", "denyonlyprimarysid"),
    (X, "denyonlysid", "denyonlysid"),
    (M, "groupsid", "groupsid"),
    (M, "primarygroupsid", "primarygroupsid"),
    (M, "primarysid", "primarysid"),
    (M, "role", "role"),
    (X, "upn", "upn"),
    (M, "windowsaccountname", "winaccountname"),
    (X, "privatepersonalidentifier", "ppid"),
    (
        "http://schemas.microsoft.com/identity/claims/",
        "objectidentifier",
        "oid",
    ),
    (
        "http://schemas.microsoft.com/identity/claims/",
        "scope",
        "scp",
    ),
    (
        "http://schemas.microsoft.com/identity/claims/",
        "tenantid",
        "tid",
    ),
    (
        "http://schemas.microsoft.com/identity/claims/",
        "identityprovider",
        "idp",
    ),
    (
        "http://schemas.microsoft.com/claims/",
        "authnclassreference",
        "acr",
    ),
    (
        "http://schemas.microsoft.com/claims/",
        "authnmethodsreferences",
        "amr",
    ),
    (
        "http://schemas.xmlsoap.org/claims/",
        "EmailAddress",
        "adfs1email",
    ),
    ("http://schemas.xmlsoap.org/claims/", "UPN", "adfs1upn"),
    (
        "http://schemas.xmlsoap.org/claims/",
        "CommonName",
        "commonname",
    ),
    ("http://schemas.xmlsoap.org/claims/", "Group", "group"),
];

/// The member names of `UserIdentityClaim`, in order (for the PowerShell enum and tab completion).
pub fn user_claim_types() -> impl Iterator<Item = &'static str> {
    USER_CLAIMS.iter().map(|(name, _, _)| *name)
}

/// The claim URI of a `UserIdentityClaim` member (case-insensitive member name).
pub fn user_claim_uri(member: &str) -> Result<String> {
    USER_CLAIMS
        .iter()
        .find(|(name, _, _)| name.eq_ignore_ascii_case(member.trim()))
        .map(|(_, ns, local)| format!("{ns}{local}"))
        .ok_or_else(|| {
            err!(
                UnknownClaimType,
                "unknown user claim type '{}'; expected one of {}",
                printable(member),
                user_claim_types().collect::<Vec<_>>().join(", ")
            )
        })
}

/// The name a claim type is written under in a JWT payload.
pub fn outbound_name(claim_type: &str) -> String {
    OUTBOUND
        .iter()
        .find(|(ns, local, _)| {
            claim_type.len() == ns.len() + local.len()
                && claim_type.starts_with(ns)
                && claim_type.ends_with(local)
        })
        .map_or_else(
            || claim_type.to_owned(),
            |(_, _, short)| (*short).to_owned(),
        )
}

/// The JWT name for a `UserIdentityClaim` member: `Name` → `unique_name`, `Role` → `role`, ….
pub fn user_claim_name(member: &str) -> Result<String> {
    user_claim_uri(member).map(|uri| outbound_name(&uri))
}

/// Short JWT names the bearer handler maps back to long claim types (inbound): the outbound map reversed,
/// first listed wins, plus `sub` → NameIdentifier as the .NET handler does.
pub fn inbound_type(name: &str) -> String {
    if name == "sub" {
        return format!("{X}nameidentifier");
    }
    OUTBOUND
        .iter()
        .find(|(_, _, short)| *short == name)
        .map_or_else(|| name.to_owned(), |(ns, local, _)| format!("{ns}{local}"))
}

/// The claim type a principal's Name comes from (Kestrun's NameClaimType).
pub fn name_claim_type() -> String {
    format!("{X}name")
}

/// The claim type roles come from (Kestrun's RoleClaimType).
pub fn role_claim_type() -> String {
    format!("{M}role")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::error::ErrorKind;

    #[test]
    fn guide_members_map_to_short_names() {
        assert_eq!(user_claim_name("Name").unwrap(), "unique_name");
        assert_eq!(user_claim_name("role").unwrap(), "role");
        assert_eq!(user_claim_name("EmailAddress").unwrap(), "email");
        assert_eq!(user_claim_name("NameIdentifier").unwrap(), "nameid");
        assert_eq!(user_claim_name("Surname").unwrap(), "family_name");
        assert_eq!(
            user_claim_name("WindowsAccountName").unwrap(),
            "winaccountname"
        );
    }

    #[test]
    fn actor_is_not_the_empty_string() {
        // Kestrun writes "" for Actor (its enum value 0 is falsy); we write the mapped name.
        assert_eq!(user_claim_name("Actor").unwrap(), "actort");
    }

    #[test]
    fn unmapped_members_keep_their_uri() {
        assert_eq!(user_claim_name("Country").unwrap(), format!("{X}country"));
        assert_eq!(user_claim_name("Email").unwrap(), format!("{M}email"));
    }

    #[test]
    fn long_uris_given_as_claim_types_are_mapped_too() {
        assert_eq!(outbound_name(&format!("{X}name")), "unique_name");
        assert_eq!(outbound_name("region"), "region");
    }

    #[test]
    fn unknown_members_are_an_error() {
        assert_eq!(
            user_claim_name("Nope").unwrap_err().kind(),
            ErrorKind::UnknownClaimType
        );
        assert_eq!(user_claim_types().count(), 57);
    }
}
