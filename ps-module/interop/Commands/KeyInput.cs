using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace KrJwt.Commands;

/// <summary>
/// Turns one key parameter of a KrJwt command into a <see cref="JwtKey"/> parsed by the native library.
/// Only the transport is handled here (files are read, certificates give the key the purpose needs); the
/// parsing, and every rule about the key, is the library's (kr_jwt_key_import). Shared by the compiled
/// cmdlets and the script functions (ConvertTo-KrJwtKey, Read-KrJwtKeyFile).
/// </summary>
public static class KeyInput
{
    /// <summary>
    /// The key from <paramref name="value"/>, given to the parameter named <paramref name="source"/>:
    /// HexadecimalKey, Base64Url, KeyBytes, Passphrase, Pem, JwkJson, X509Certificate or Key (returned as
    /// given; not the caller's to dispose). A certificate gives its PKCS#8 private key for Sign and Decrypt,
    /// its SubjectPublicKeyInfo for Verify, and for Encrypt its private key when it has an exportable one
    /// (so results can decrypt), else its public key. The caller owns and disposes any other key.
    /// The file parameters (PemPath, JwkPath) are read by the caller first (<see cref="ResolveKeyFile"/>).
    /// </summary>
    public static JwtKey FromParameter(string source, object? value, string purpose)
    {
        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return source switch
        {
            "HexadecimalKey" => JwtKey.FromHex((string)value!),
            "Base64Url" => JwtKey.FromBase64Url((string)value!),
            "KeyBytes" => JwtKey.FromBytes((byte[])value!),
            "Passphrase" => JwtKey.FromPassphrase((SecureString)value!),
            "Pem" => JwtKey.FromPem((string)value!),
            "JwkJson" => JwtKey.FromJwk((string)value!),
            "X509Certificate" => purpose == "Encrypt"
                ? JwtKey.FromCertificate((X509Certificate2)value!)
                : JwtKey.FromCertificate((X509Certificate2)value!, purpose != "Verify"),
            "Key" => (JwtKey)value!,
            _ => throw new ArgumentOutOfRangeException(nameof(source), source, "not a key parameter"),
        };
    }

    /// <summary>
    /// The file a key path names, resolved against the caller's current location and drives ('~', relative
    /// paths and PSDrives work; no wildcards); null when it is not an existing file.
    /// </summary>
    public static string? ResolveKeyFile(string? path, PathIntrinsics paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }
        string resolved;
        try
        {
            resolved = paths.GetUnresolvedProviderPathFromPSPath(path);
        }
        catch (Exception e) when (e is not PipelineStoppedException)
        {
            return null;
        }
        return File.Exists(resolved) ? resolved : null;
    }

    /// <summary>The record for a key path that is not a file: KrJwt.KeyFileNotFound (ObjectNotFound), naming the path, never the content.</summary>
    public static ErrorRecord KeyFileNotFound(string? path) =>
        new(new ItemNotFoundException($"The key file '{path}' does not exist or is not a file."),
            "KrJwt.KeyFileNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>The key of a compiled cmdlet's key parameter set (files read here; a missing file stops the cmdlet).</summary>
    internal static JwtKey FromParameterSet(KrJwtCmdlet cmdlet, string setName, object? value, string purpose)
    {
        if (setName is "PemPath" or "JwkPath")
        {
            string? resolved = ResolveKeyFile((string?)value, cmdlet.SessionState.Path);
            if (resolved is null)
            {
                cmdlet.ThrowTerminatingError(KeyFileNotFound((string?)value));
            }
            string text = File.ReadAllText(resolved!, Encoding.UTF8);
            return FromParameter(setName == "PemPath" ? "Pem" : "JwkJson", text, purpose);
        }
        return FromParameter(setName, value, purpose);
    }
}
