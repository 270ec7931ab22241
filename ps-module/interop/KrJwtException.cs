using System;

namespace KrJwt;

/// <summary>Status codes of the kr_jwt C ABI (<c>KrJwtStatus</c> in include/kr_jwt.h).</summary>
public enum KrJwtStatus
{
    /// <summary>Success.</summary>
    Ok = 0,
    /// <summary>A required pointer argument was NULL.</summary>
    NullArgument = 1,
    /// <summary>A string argument was not valid UTF-8.</summary>
    InvalidUtf8 = 2,
    /// <summary>Empty issuer, lifetime &lt;= 0, bad claim name, refused header, ...</summary>
    InvalidArgument = 3,
    /// <summary>Odd-length or non-hex text, bad base64url, unparsable key.</summary>
    InvalidKey = 4,
    /// <summary>HMAC key shorter than the hash, RSA key below 2048 bits.</summary>
    KeyTooShort = 5,
    /// <summary>Algorithm name not known.</summary>
    UnknownAlgorithm = 6,
    /// <summary>Algorithm does not fit the key type.</summary>
    AlgorithmKeyMismatch = 7,
    /// <summary>Build without a signing key.</summary>
    NotProtected = 8,
    /// <summary>A JSON argument did not parse.</summary>
    InvalidJson = 9,
    /// <summary>UserIdentityClaim name not known.</summary>
    UnknownClaimType = 10,
    /// <summary>A validator without valid issuers that did not opt out (validate_issuer false).</summary>
    MissingValidIssuer = 11,
    /// <summary>A validator without valid audiences that did not opt out (validate_audience false).</summary>
    MissingValidAudience = 12,
    /// <summary>Token is not a well-formed compact JWT.</summary>
    MalformedToken = 20,
    /// <summary>Token exceeds the validator's size cap.</summary>
    TokenTooLarge = 21,
    /// <summary>Signature does not verify.</summary>
    InvalidSignature = 22,
    /// <summary>Header alg is not in the allow-list.</summary>
    AlgorithmNotAllowed = 23,
    /// <summary>exp is in the past (beyond the clock skew).</summary>
    TokenExpired = 24,
    /// <summary>nbf is in the future (beyond the clock skew).</summary>
    TokenNotYetValid = 25,
    /// <summary>iss is not one of the valid issuers.</summary>
    InvalidIssuer = 26,
    /// <summary>aud does not contain a valid audience.</summary>
    InvalidAudience = 27,
    /// <summary>A required claim is absent.</summary>
    MissingClaim = 28,
    /// <summary>typ is not one of the valid types.</summary>
    InvalidType = 29,
    /// <summary>crit names a member the library does not understand.</summary>
    UnsupportedCriticalHeader = 30,
    /// <summary>No configured key fits the token.</summary>
    NoMatchingKey = 31,
    /// <summary>A registered claim has the wrong type or shape.</summary>
    InvalidClaim = 32,
    /// <summary>No bearer token was presented (no Authorization header, or another scheme).</summary>
    MissingToken = 33,
    /// <summary>iat is older than the validator's maximum token age.</summary>
    TokenTooOld = 34,
    /// <summary>The remote key source has no key set to serve (never fetched, or its last good set is past the stale window); the message names the last fetch error.</summary>
    KeySourceUnavailable = 35,
    /// <summary>A panic was caught inside the library.</summary>
    Panic = 98,
    /// <summary>Internal library error.</summary>
    Internal = 99,
}

/// <summary>
/// A failed kr_jwt call. <see cref="ErrorId"/> is stable (<c>"KrJwt." + kr_jwt_status_name(status)</c>) and
/// <see cref="Category"/> names a System.Management.Automation.ErrorCategory member, so the cmdlets can
/// raise an ErrorRecord without this assembly referencing PowerShell.
/// </summary>
public sealed class KrJwtException : Exception
{
    private KrJwtException(int statusCode, string statusName, string message)
        : base(message)
    {
        StatusCode = statusCode;
        StatusName = statusName;
    }

    /// <summary>The raw status code returned by the library.</summary>
    public int StatusCode { get; }

    /// <summary>The status as an enum value (may be an undefined value for codes newer than this assembly).</summary>
    public KrJwtStatus Status => (KrJwtStatus)StatusCode;

    /// <summary>The library's stable name for the status, e.g. <c>InvalidKey</c>.</summary>
    public string StatusName { get; }

    /// <summary>Stable error identifier, e.g. <c>KrJwt.InvalidKey</c>, <c>KrJwt.TokenExpired</c>.</summary>
    public string ErrorId => "KrJwt." + StatusName;

    /// <summary>Name of the System.Management.Automation.ErrorCategory member that fits the status.</summary>
    public string Category => CategoryOf(StatusCode);

    internal static KrJwtException FromLastError(int status)
    {
        // Read the thread-local message first: any further kr_jwt call would reset it.
        string message = Native.PeekString(NativeMethods.kr_jwt_last_error());
        string name = KrJwtLibrary.StatusName(status);
        if (string.IsNullOrEmpty(message))
        {
            message = $"kr_jwt call failed with status {name} ({status}).";
        }
        return new KrJwtException(status, name, message);
    }

    internal static KrJwtException Create(KrJwtStatus status, string message) =>
        new((int)status, KrJwtLibrary.StatusName((int)status), message);

    /// <summary>
    /// An exception for a check made before reaching the library (parameter shapes the library never
    /// sees, such as a claim value that is not JSON data), with the same ErrorId and category rules.
    /// </summary>
    public static KrJwtException FromStatus(KrJwtStatus status, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Create(status, message);
    }

    private static string CategoryOf(int status) => (KrJwtStatus)status switch
    {
        KrJwtStatus.NullArgument or KrJwtStatus.InvalidUtf8 or KrJwtStatus.InvalidArgument
            or KrJwtStatus.InvalidKey or KrJwtStatus.KeyTooShort or KrJwtStatus.UnknownAlgorithm
            or KrJwtStatus.AlgorithmKeyMismatch or KrJwtStatus.InvalidJson or KrJwtStatus.UnknownClaimType
            or KrJwtStatus.MalformedToken or KrJwtStatus.TokenTooLarge or KrJwtStatus.MissingValidIssuer
            or KrJwtStatus.MissingValidAudience => "InvalidArgument",
        KrJwtStatus.NotProtected => "InvalidOperation",
        KrJwtStatus.InvalidSignature or KrJwtStatus.AlgorithmNotAllowed or KrJwtStatus.UnsupportedCriticalHeader
            or KrJwtStatus.NoMatchingKey => "SecurityError",
        KrJwtStatus.KeySourceUnavailable => "ResourceUnavailable",
        KrJwtStatus.TokenExpired or KrJwtStatus.TokenNotYetValid or KrJwtStatus.InvalidIssuer
            or KrJwtStatus.InvalidAudience or KrJwtStatus.MissingClaim or KrJwtStatus.InvalidType
            or KrJwtStatus.InvalidClaim or KrJwtStatus.MissingToken or KrJwtStatus.TokenTooOld => "AuthenticationError",
        _ => "NotSpecified",
    };
}
