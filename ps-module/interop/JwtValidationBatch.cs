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
    /// Runs <paramref name="call"/> with pointers to the tokens as NUL-terminated UTF-8, all in one
    /// unmanaged buffer freed after the call. A batch's text (about 300 KB for 1000 tokens) never reaches
    /// the GC heap: as one byte[] it landed on the large object heap, and the background collections it
    /// caused ran on the second core while the batch's own thread wanted it.
    /// </summary>
    private static unsafe T WithPinnedTokens<T>(string[] tokens, Func<IntPtr[], T> call)
    {
        var lengths = new int[tokens.Length];
        nuint total = 0;
        for (int i = 0; i < tokens.Length; i++)
        {
            lengths[i] = Native.TokenUtf8ZLength(tokens[i]);
            total += (nuint)lengths[i];
        }
        byte* buffer = (byte*)NativeMemory.Alloc(total == 0 ? 1 : total);
        try
        {
            var pointers = new IntPtr[tokens.Length];
            byte* next = buffer;
            for (int i = 0; i < tokens.Length; i++)
            {
                Native.WriteTokenUtf8Z(tokens[i], new Span<byte>(next, lengths[i]));
                pointers[i] = (IntPtr)next;
                next += lengths[i];
            }
            return call(pointers);
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }
}
