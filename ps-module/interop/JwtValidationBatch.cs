using System;
using System.Runtime.InteropServices;

namespace KrJwt;

public sealed partial class JwtValidationParameters
{
    /// <summary>
    /// Whether each token is valid, from one native call (kr_jwt_validate_batch): statuses only, so the
    /// library makes no message, no claims and no JSON. <see cref="ValidateMany(string[], bool)"/> says why.
    /// </summary>
    public bool[] ValidateAll(string[] tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var valid = new bool[tokens.Length];
        if (tokens.Length == 0)
        {
            return valid;
        }
        var statuses = new int[tokens.Length];
        WithPinnedTokens(tokens, pointers =>
        {
            Native.Check(NativeMethods.kr_jwt_validate_batch(Handle, pointers, (nuint)tokens.Length, statuses));
            return 0;
        });
        for (int i = 0; i < statuses.Length; i++)
        {
            valid[i] = statuses[i] == 0;
        }
        return valid;
    }

    /// <summary>
    /// Runs <paramref name="call"/> with pointers to the tokens as NUL-terminated UTF-8, all in one buffer
    /// pinned for the call's duration (one allocation and one pin per batch, not per token).
    /// </summary>
    private static T WithPinnedTokens<T>(string[] tokens, Func<IntPtr[], T> call)
    {
        var offsets = new int[tokens.Length];
        int total = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            offsets[i] = total;
            total += Native.TokenUtf8ZLength(tokens[i]);
        }
        byte[] buffer = new byte[total];
        for (int i = 0; i < tokens.Length; i++)
        {
            Native.WriteTokenUtf8Z(tokens[i], buffer, offsets[i]);
        }
        GCHandle pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            IntPtr start = pin.AddrOfPinnedObject();
            var pointers = new IntPtr[tokens.Length];
            for (int i = 0; i < tokens.Length; i++)
            {
                pointers[i] = start + offsets[i];
            }
            return call(pointers);
        }
        finally
        {
            pin.Free();
        }
    }
}
