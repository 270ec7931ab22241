using System.Management.Automation;

namespace KrJwt.Commands;

/// <summary>
/// The signing-key parameters Protect-KrJWT and New-KrJWT share (one parameter set per way of giving a key)
/// and the call that protects a builder with the key given.
/// </summary>
public abstract class SigningCommand : KrJwtCmdlet
{
    /// <summary>An HMAC secret as hexadecimal text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "HexadecimalKey")]
    [AllowEmptyString]
    public string HexadecimalKey { get; set; } = null!;

    /// <summary>An HMAC secret as base64url text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Base64Url")]
    [AllowEmptyString]
    public string Base64Url { get; set; } = null!;

    /// <summary>A PEM key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Pem")]
    [AllowEmptyString]
    public string Pem { get; set; } = null!;

    /// <summary>A JWK.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "JwkJson")]
    [AllowEmptyString]
    public string JwkJson { get; set; } = null!;

    /// <summary>A key from New-KrJWTKey or [KrJwt.JwtKey]::From*.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Key")]
    public JwtKey Key { get; set; } = null!;

    /// <summary>The JWS algorithm, or Auto (the key decides).</summary>
    [Parameter]
    [ValidateSet(typeof(SigningAlgorithmOrAutoValues))]
    public string Algorithm { get; set; } = "Auto";

    /// <summary>The kid header.</summary>
    [Parameter]
    public string? KeyId { get; set; }

    /// <summary>
    /// Protects <paramref name="builder"/> with the key of the parameter set in use (read by
    /// <see cref="KeyInput"/>), <see cref="Algorithm"/> and, when given, <see cref="KeyId"/>. The builder
    /// holds its own reference to the parsed key: a key parsed here is released again; a caller's -Key stays theirs.
    /// </summary>
    protected void ProtectWithKey(JwtBuilder builder)
    {
        string setName = ParameterSetName;
        JwtKey? signingKey = null;
        try
        {
            signingKey = KeyInput.FromParameterSet(this, setName, MyInvocation.BoundParameters[setName], "Sign");
            builder.Protect(signingKey, Algorithm, MyInvocation.BoundParameters.ContainsKey(nameof(KeyId)) ? KeyId : null);
        }
        finally
        {
            if (signingKey is not null && setName != "Key")
            {
                signingKey.Dispose();
            }
        }
    }
}
