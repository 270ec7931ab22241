using System;
using System.Runtime.InteropServices;
using System.Security;
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

    /// <summary>The key's own <c>kid</c> (from a JWK), if any.</summary>
    public string? KeyId { get; }

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
    public override string ToString() => $"{KeyType} key, {Bits} bits" + (KeyId is null ? string.Empty : $", kid {KeyId}");

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
