// The values the module's [ValidateSet(...)] attributes accept, read from the library (kr_jwt_defaults)
// instead of being retyped in each cmdlet.
using System;
using System.Management.Automation;

namespace KrJwt;

/// <summary>The JWS algorithms the library signs and verifies.</summary>
public sealed class SigningAlgorithmValues : IValidateSetValuesGenerator
{
    /// <inheritdoc />
    public string[] GetValidValues() => KrJwtLibrary.Defaults.SigningAlgorithms;
}

/// <summary><c>Auto</c> (the key decides) and the JWS algorithms.</summary>
public sealed class SigningAlgorithmOrAutoValues : IValidateSetValuesGenerator
{
    /// <inheritdoc />
    public string[] GetValidValues()
    {
        string[] algorithms = KrJwtLibrary.Defaults.SigningAlgorithms;
        var values = new string[algorithms.Length + 1];
        values[0] = "Auto";
        Array.Copy(algorithms, 0, values, 1, algorithms.Length);
        return values;
    }
}

/// <summary>The key types the library generates.</summary>
public sealed class KeyTypeValues : IValidateSetValuesGenerator
{
    /// <inheritdoc />
    public string[] GetValidValues() => KrJwtLibrary.Defaults.KeyTypes;
}

/// <summary>The elliptic curves (JWK <c>crv</c> names).</summary>
public sealed class CurveValues : IValidateSetValuesGenerator
{
    /// <inheritdoc />
    public string[] GetValidValues() => KrJwtLibrary.Defaults.Curves;
}
