using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace KrJwt;

/// <summary>Key encodings accepted by kr_jwt_key_import (<c>KrJwtKeyFormat</c>).</summary>
public enum JwtKeyFormat
{
    /// <summary>ASCII hex text of an HMAC secret.</summary>
    Hex = 0,
    /// <summary>base64url text of an HMAC secret.</summary>
    Base64Url = 1,
    /// <summary>Raw secret bytes (passphrase UTF-8, key bytes).</summary>
    Secret = 2,
    /// <summary>PEM text.</summary>
    Pem = 3,
    /// <summary>DER bytes.</summary>
    Der = 4,
    /// <summary>JWK JSON text.</summary>
    Jwk = 5,
}

/// <summary>
/// A key parsed once by the library (kr_jwt_key_import). The key material never comes back to .NET:
/// only its type and size are readable.
/// </summary>
public sealed class JwtKey : IDisposable
{
    private readonly KeyHandle _handle;

    private JwtKey(KeyHandle handle)
    {
        _handle = handle;
        using JsonDocument info = ReadInfo(handle);
        JsonElement root = info.RootElement;
        KeyType = JsonShape.String(root, "kty") ?? string.Empty;
        Bits = (int)(JsonShape.Number(root, "bits") ?? 0);
        HasPrivate = JsonShape.Bool(root, "has_private");
        KeyId = JsonShape.String(root, "kid");
        Curve = JsonShape.String(root, "crv");
        Algorithm = JsonShape.String(root, "alg");
    }

    internal KeyHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>JWK key type: <c>oct</c>, <c>RSA</c>, <c>EC</c>, <c>OKP</c>.</summary>
    public string KeyType { get; }

    /// <summary>Key size in bits.</summary>
    public int Bits { get; }

    /// <summary>True when the key can sign (secret or private key).</summary>
    public bool HasPrivate { get; }

    /// <summary>
    /// The key's <c>kid</c>: a JWK's own, else for RSA, EC and OKP keys their RFC 7638 thumbprint; none for secrets.
    /// </summary>
    public string? KeyId { get; }

    /// <summary>The curve of an EC or OKP key (<c>P-256</c>, <c>P-384</c>, <c>P-521</c>, <c>secp256k1</c>, <c>Ed25519</c>), else null.</summary>
    public string? Curve { get; }

    /// <summary>The algorithm <c>Auto</c> signs with for this key (a JWK's <c>alg</c> when it names one).</summary>
    public string? Algorithm { get; }

    /// <summary>The public key as a JWK (JSON text, no private members); null for an HMAC secret, which has no public part.</summary>
    public string? PublicJwk => KeyType == "oct" ? null : ExportJwk(includePrivate: false);

    /// <summary>The public key as a PEM SubjectPublicKeyInfo block; null for an HMAC secret.</summary>
    public string? PublicPem => KeyType == "oct" ? null : ExportPem(includePrivate: false);

    /// <summary>
    /// The RFC 7638 JWK thumbprint (SHA-256, base64url) computed by the library. A method, not a property, so
    /// views listing every property never show a hash of an HMAC secret.
    /// </summary>
    public string GetThumbprint()
    {
        Native.Check(NativeMethods.kr_jwt_key_thumbprint(Handle, out IntPtr text));
        return Native.TakeString(text);
    }

    /// <summary>
    /// Generates a key (kr_jwt_key_generate): <c>HMAC</c> (bits &gt;= 256, a multiple of 8), <c>RSA</c>
    /// (2048, 3072 or 4096 bits), <c>EC</c> (256, 384 or 521 bits for P-256, P-384, P-521) or <c>Ed25519</c>
    /// (bits ignored). The library checks the type and size.
    /// </summary>
    public static JwtKey Generate(string type, int bits)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (bits < 0)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The key size must not be negative (got {bits}).");
        }
        Native.Check(NativeMethods.kr_jwt_key_generate(Native.Utf8Z(type, "Key type"), (uint)bits, out KeyHandle handle));
        return Wrap(handle);
    }

    /// <summary>
    /// Generates a key from a spec (kr_jwt_key_generate_spec): <paramref name="type"/> (<c>HMAC</c>, <c>RSA</c>,
    /// <c>EC</c>, <c>secp256k1</c>, <c>Ed25519</c>) and, when given, <paramref name="bits"/> and/or
    /// <paramref name="curve"/>. The library holds the defaults (HMAC 256 bits, RSA 2048, EC P-256) and the
    /// rules (a curve is for EC keys only and must agree with the bits).
    /// </summary>
    public static JwtKey Generate(string type, int? bits, string? curve)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (bits < 0)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidArgument, $"The key size must not be negative (got {bits}).");
        }
        var spec = new Dictionary<string, object> { ["type"] = type };
        if (bits is int b)
        {
            spec["bits"] = b;
        }
        if (curve is not null)
        {
            spec["curve"] = curve;
        }
        string json = JsonSerializer.Serialize(spec);
        Native.Check(NativeMethods.kr_jwt_key_generate_spec(Native.Utf8Z(json, "Key spec"), out KeyHandle handle));
        return Wrap(handle);
    }

    private const string Ed25519Oid = "1.3.101.112";

    /// <summary>Imports DER bytes: PKCS#8, PKCS#1, SEC1, SubjectPublicKeyInfo or an X.509 certificate.</summary>
    public static JwtKey FromDer(byte[] der) => Import(JwtKeyFormat.Der, der);

    /// <summary>
    /// The key of a certificate. With <paramref name="privateKey"/> the certificate must hold a private key,
    /// which is exported as PKCS#8 (RSA and ECDSA; .NET has no Ed25519 certificate key API, so Ed25519
    /// certificates can only give their public key); otherwise its SubjectPublicKeyInfo is imported.
    /// The exported bytes are cleared after the library parsed them.
    /// </summary>
    public static JwtKey FromCertificate(X509Certificate2 certificate, bool privateKey)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!privateKey)
        {
            return Import(JwtKeyFormat.Der, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }
        bool ed25519 = certificate.PublicKey.Oid.Value == Ed25519Oid;
        if (!certificate.HasPrivateKey)
        {
            string hint = ed25519
                ? " .NET cannot load Ed25519 private keys into an X509Certificate2 at all: give the key as PEM or JWK instead."
                : " Load it with its private key (PFX, or PEM certificate and key).";
            throw KrJwtException.Create(KrJwtStatus.InvalidKey,
                $"The certificate '{certificate.Subject}' ({certificate.Thumbprint}) has no private key, so it cannot sign or decrypt.{hint}");
        }
        byte[]? pkcs8 = null;
        try
        {
            using (RSA? rsa = certificate.GetRSAPrivateKey())
            {
                pkcs8 = rsa?.ExportPkcs8PrivateKey();
            }
            if (pkcs8 is null)
            {
                using ECDsa? ecdsa = certificate.GetECDsaPrivateKey();
                pkcs8 = ecdsa?.ExportPkcs8PrivateKey();
            }
        }
        catch (CryptographicException ex)
        {
            throw KrJwtException.Create(KrJwtStatus.InvalidKey,
                $"The private key of certificate '{certificate.Subject}' could not be exported ({ex.Message}); it must be exportable.");
        }
        if (pkcs8 is null)
        {
            string oid = certificate.PublicKey.Oid.Value ?? string.Empty;
            string what = ed25519
                ? "an Ed25519 key; .NET's X509Certificate2 cannot give Ed25519 private keys. Give the key as PEM (-Pem/-PemPath) or JWK instead"
                : $"a key of type {certificate.PublicKey.Oid.FriendlyName ?? oid}; only RSA and ECDSA certificate keys can sign";
            throw KrJwtException.Create(KrJwtStatus.InvalidKey, $"The certificate '{certificate.Subject}' has {what}.");
        }
        try
        {
            return Import(JwtKeyFormat.Der, pkcs8);
        }
        finally
        {
            Array.Clear(pkcs8);
        }
    }

    /// <summary>
    /// The key of a certificate for encryption (Protect-KrJWTPayload): its private key (PKCS#8, RSA or ECDSA)
    /// when the certificate has one that can be exported, so results and validators made from it can also
    /// decrypt; otherwise its SubjectPublicKeyInfo, which is all encrypting needs.
    /// </summary>
    public static JwtKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.HasPrivateKey)
        {
            try
            {
                return FromCertificate(certificate, privateKey: true);
            }
            catch (KrJwtException ex) when (ex.Status == KrJwtStatus.InvalidKey)
            {
                // Not exportable, or a key type .NET cannot hand out (Ed25519): the public key still encrypts.
            }
        }
        return FromCertificate(certificate, privateKey: false);
    }

    /// <summary>
    /// The key as a JWK (kr_jwt_key_export). Private members (an HMAC secret's <c>k</c>, <c>d</c>, ...) are
    /// written only when <paramref name="includePrivate"/> is true; a secret without it is refused.
    /// </summary>
    public string ExportJwk(bool includePrivate)
    {
        Native.Check(NativeMethods.kr_jwt_key_export(Handle, (int)JwtKeyFormat.Jwk, includePrivate, out IntPtr text));
        return Native.TakeString(text);
    }

    /// <summary>The key as PEM: PKCS#8 with <paramref name="includePrivate"/>, else SubjectPublicKeyInfo. Secrets have no PEM form.</summary>
    public string ExportPem(bool includePrivate)
    {
        Native.Check(NativeMethods.kr_jwt_key_export(Handle, (int)JwtKeyFormat.Pem, includePrivate, out IntPtr text));
        return Native.TakeString(text);
    }

    /// <summary>A JWK Set document (JSON text) with the public parts of the keys (kr_jwt_jwks_export); secrets are refused.</summary>
    public static string ExportJwks(params JwtKey[] keys) =>
        WithHandles(keys, raw =>
        {
            Native.Check(NativeMethods.kr_jwt_jwks_export(raw, (nuint)raw.Length, out IntPtr json));
            return Native.TakeString(json);
        });

    /// <summary>
    /// Calls <paramref name="call"/> with the raw <c>KrJwtKey*</c> pointers of <paramref name="keys"/> (for the
    /// ABI's <c>const KrJwtKey *const *keys, size_t count</c> parameters), keeping every handle alive and
    /// un-released for the duration of the call. A null element is an ArgumentNullException.
    /// </summary>
    internal static T WithHandles<T>(JwtKey[] keys, Func<IntPtr[], T> call)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var handles = new KeyHandle[keys.Length];
        var raw = new IntPtr[keys.Length];
        var added = new bool[keys.Length];
        try
        {
            for (int i = 0; i < keys.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(keys[i], nameof(keys));
                handles[i] = keys[i].Handle;
                handles[i].DangerousAddRef(ref added[i]);
                raw[i] = handles[i].DangerousGetHandle();
            }
            return call(raw);
        }
        finally
        {
            for (int i = 0; i < keys.Length; i++)
            {
                if (added[i])
                {
                    handles[i].DangerousRelease();
                }
            }
        }
    }

    /// <summary>Imports a secret given as hexadecimal text.</summary>
    public static JwtKey FromHex(string hex) => ImportText(JwtKeyFormat.Hex, hex);

    /// <summary>Imports a secret given as base64url text.</summary>
    public static JwtKey FromBase64Url(string base64Url) => ImportText(JwtKeyFormat.Base64Url, base64Url);

    /// <summary>Imports a PEM key.</summary>
    public static JwtKey FromPem(string pem) => ImportText(JwtKeyFormat.Pem, pem);

    /// <summary>Imports a JWK given as JSON text.</summary>
    public static JwtKey FromJwk(string jwkJson) => ImportText(JwtKeyFormat.Jwk, jwkJson);

    /// <summary>Imports raw secret bytes.</summary>
    public static JwtKey FromBytes(byte[] secret) => Import(JwtKeyFormat.Secret, secret);

    /// <summary>Imports the UTF-8 bytes of a passphrase; the clear text only lives in buffers that are zeroed.</summary>
    public static unsafe JwtKey FromPassphrase(SecureString passphrase)
    {
        ArgumentNullException.ThrowIfNull(passphrase);
        IntPtr chars = Marshal.SecureStringToGlobalAllocUnicode(passphrase);
        byte[] utf8 = GC.AllocateArray<byte>(Encoding.UTF8.GetMaxByteCount(passphrase.Length), pinned: true);
        try
        {
            int count;
            fixed (byte* bytes = utf8)
            {
                count = Encoding.UTF8.GetBytes((char*)chars, passphrase.Length, bytes, utf8.Length);
            }
            return ImportPinned(JwtKeyFormat.Secret, utf8, count);
        }
        finally
        {
            Array.Clear(utf8);
            Marshal.ZeroFreeGlobalAllocUnicode(chars);
        }
    }

    /// <summary>Imports key bytes in any <see cref="JwtKeyFormat"/>.</summary>
    public static unsafe JwtKey Import(JwtKeyFormat format, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        fixed (byte* p = data)
        {
            Native.Check(NativeMethods.kr_jwt_key_import((int)format, p, (nuint)data.Length, out KeyHandle handle));
            return Wrap(handle);
        }
    }

    /// <summary>An independent handle to the same key (kr_jwt_key_copy).</summary>
    public JwtKey Copy()
    {
        Native.Check(NativeMethods.kr_jwt_key_copy(Handle, out KeyHandle copy));
        return Wrap(copy);
    }

    /// <summary>Releases the native key now instead of at finalization.</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>Key type and size only; never key material.</summary>
    public override string ToString() => $"KrJwt key {KeyType} {Bits} bits" + (KeyId is null ? string.Empty : $" kid={KeyId}");

    private static JwtKey ImportText(JwtKeyFormat format, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        byte[] utf8 = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(text), pinned: true);
        try
        {
            Encoding.UTF8.GetBytes(text, 0, text.Length, utf8, 0);
            return ImportPinned(format, utf8, utf8.Length);
        }
        finally
        {
            Array.Clear(utf8);
        }
    }

    private static unsafe JwtKey ImportPinned(JwtKeyFormat format, byte[] pinned, int length)
    {
        fixed (byte* p = pinned)
        {
            Native.Check(NativeMethods.kr_jwt_key_import((int)format, p, (nuint)length, out KeyHandle handle));
            return Wrap(handle);
        }
    }

    private static JwtKey Wrap(KeyHandle handle)
    {
        try
        {
            return new JwtKey(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static JsonDocument ReadInfo(KeyHandle handle)
    {
        Native.Check(NativeMethods.kr_jwt_key_info(handle, out IntPtr json));
        return JsonShape.Parse(Native.TakeString(json));
    }
}
