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

    /// <summary>Runs <paramref name="call"/> with the tokens as NUL-terminated UTF-8, pinned for the call's duration.</summary>
    private static T WithPinnedTokens<T>(string[] tokens, Func<IntPtr[], T> call)
    {
        var pins = new GCHandle[tokens.Length];
        var pointers = new IntPtr[tokens.Length];
        try
        {
            for (int i = 0; i < tokens.Length; i++)
            {
                pins[i] = GCHandle.Alloc(Native.TokenUtf8Z(tokens[i]), GCHandleType.Pinned);
                pointers[i] = pins[i].AddrOfPinnedObject();
            }
            return call(pointers);
        }
        finally
        {
            foreach (GCHandle pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }
    }
}
