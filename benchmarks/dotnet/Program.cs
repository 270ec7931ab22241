// KrJwt vs .NET's JsonWebTokenHandler (Microsoft.IdentityModel.JsonWebTokens), in one process, on the same
// key material and the same token shape (iss, aud, sub, 3 custom claims, iat/nbf/exp, typ JWT, kid for
// asymmetric keys).
//
//   create   .NET: JsonWebTokenHandler.CreateToken(SecurityTokenDescriptor)  (descriptor and credentials
//                  made once; the handler stamps iat/nbf/exp, as KrJwt's builder does)
//            KrJwt: kr_jwt_builder_build + kr_jwt_result_token + copy to a .NET string + frees
//                  (key imported once, builder made once)
//   validate .NET: ValidateTokenAsync(token, TokenValidationParameters) -> IsValid  (issuer, audience,
//                  lifetime with 60 s skew, signature, algorithm allow-list)
//            KrJwt: kr_jwt_validate(validator, token, NULL)  (the same checks; token marshalled as UTF-8)
//   validate+claims  as validate, then the claims a caller reads: .NET materialises
//                  result.ClaimsIdentity; KrJwt returns the payload JSON, copied to a .NET string.
//
// Both sides validate the same token (the one .NET created). Before timing, a cross-check asserts that
// each side accepts the other's token and refuses a tampered one.
//
// Timing: a global warm-up of every operation (2 passes), then per case a calibration (~0.3 s), then `--rounds` rounds (default 5) of ~`--seconds`/rounds each,
// .NET and KrJwt interleaved; the median round is reported. Allocations are managed-heap bytes per op
// (GC.GetAllocatedBytesForCurrentThread); KrJwt's native allocations are not counted there.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace KrJwt.Bench;

internal static class Program
{
    private const string Issuer = "https://issuer.example.com";
    private const string Audience = "api://orders";
    private const string Subject = "user-4711";

    private static int Main(string[] args)
    {
        Native.Register();
        double seconds = 1.0;
        int rounds = 5;
        var algs = new List<string> { "HS256", "RS256", "ES256" };
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seconds": seconds = double.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--alg": algs = args[++i].Split(',').Select(a => a.Trim().ToUpperInvariant()).ToList(); break;
                default:
                    Console.Error.WriteLine("usage: KrJwt.Bench [--seconds 1.0] [--rounds 5] [--alg HS256,RS256,ES256]");
                    return 2;
            }
        }

        string krVersion = Marshal.PtrToStringUTF8(Native.kr_jwt_version()) ?? "?";
        string imVersion = typeof(JsonWebTokenHandler).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        Console.WriteLine($"KrJwt {krVersion} from {Native.LoadedPath}");
        Console.WriteLine($"Microsoft.IdentityModel.JsonWebTokens {imVersion.Split('+')[0]}, {RuntimeInformation.FrameworkDescription}, " +
                          $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} CPUs");
        Console.WriteLine($"{seconds:0.0#} s per case in {rounds} interleaved rounds; median round reported.");
        Console.WriteLine();

        var cases = algs.Select(Case.Create).ToList();
        foreach (Case c in cases)
        {
            c.CrossCheck();
        }
        var ops = cases.SelectMany(c => new (string Alg, string Op, Func<bool> Net, Func<bool> Kr)[]
        {
            (c.Alg, "create", c.NetCreate, c.KrCreate),
            (c.Alg, "validate", c.NetValidate, c.KrValidate),
            (c.Alg, "validate+claims", c.NetValidateClaims, c.KrValidateClaims),
        }).ToList();

        // Global warm-up before any timing: every operation of every case, twice over, so the JIT has
        // promoted the hot paths of both sides (tiered compilation, PGO) before the first case is timed.
        Console.WriteLine();
        Console.WriteLine($"warm-up: {ops.Count} operations x 2 sides x 2 passes x {WarmUpSeconds:0.0#} s");
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (var op in ops)
            {
                Spin(op.Net, WarmUpSeconds);
                Spin(op.Kr, WarmUpSeconds);
            }
        }
        Console.WriteLine();

        var rows = new List<Row>();
        foreach (var op in ops)
        {
            rows.Add(Measure(op.Alg, op.Op, op.Net, op.Kr, seconds, rounds));
        }
        foreach (Case c in cases)
        {
            c.Dispose();
        }

        Console.WriteLine();
        Console.WriteLine("| alg | operation | .NET µs/op | KrJwt µs/op | ratio .NET/KrJwt | .NET B/op | KrJwt managed B/op |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (Row r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Alg} | {r.Op} | {r.Net.Us:0.00} | {r.Kr.Us:0.00} | {r.Net.Us / r.Kr.Us:0.00}x | {r.Net.Bytes:0} | {r.Kr.Bytes:0} |"));
        }
        Console.WriteLine();
        Console.WriteLine("Rounds (µs/op), for the spread:");
        foreach (Row r in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Alg,-6} {r.Op,-16} .NET [{string.Join(", ", r.Net.Rounds.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}]" +
                $"  KrJwt [{string.Join(", ", r.Kr.Rounds.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}]" +
                $"  best-round ratio {r.Net.Rounds.Min() / r.Kr.Rounds.Min():0.00}x"));
        }
        return 0;
    }

    private const double WarmUpSeconds = 0.25;

    private static void Spin(Func<bool> op, double seconds)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < seconds)
        {
            Invoke(op);
        }
    }

    private sealed record Stat(double Us, double Bytes, double[] Rounds);

    private sealed record Row(string Alg, string Op, Stat Net, Stat Kr);

    private static Row Measure(string alg, string op, Func<bool> net, Func<bool> kr, double seconds, int rounds)
    {
        // Warm-up (JIT tiering, caches) and calibration: iterations for seconds/rounds per round.
        long netN = Calibrate(net, seconds / rounds);
        long krN = Calibrate(kr, seconds / rounds);
        var netRounds = new List<(double Us, double Bytes)>();
        var krRounds = new List<(double Us, double Bytes)>();
        for (int r = 0; r < rounds; r++)
        {
            netRounds.Add(Run(net, netN));
            krRounds.Add(Run(kr, krN));
        }
        Stat net1 = Summarise(netRounds);
        Stat kr1 = Summarise(krRounds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{alg,-6} {op,-16} .NET {net1.Us,9:0.00} µs/op ({netN} iter/round)   KrJwt {kr1.Us,9:0.00} µs/op ({krN} iter/round)   .NET/KrJwt {net1.Us / kr1.Us:0.00}x"));
        return new Row(alg, op, net1, kr1);
    }

    private static Stat Summarise(List<(double Us, double Bytes)> rounds)
    {
        var sorted = rounds.OrderBy(x => x.Us).ToArray();
        var median = sorted[sorted.Length / 2];
        return new Stat(median.Us, median.Bytes, rounds.Select(x => x.Us).ToArray());
    }

    private static long Calibrate(Func<bool> op, double roundSeconds)
    {
        // ~0.3 s of warm-up; the last 0.15 s give the per-op estimate.
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed.TotalSeconds < 0.15)
        {
            Invoke(op);
        }
        long n = 0;
        sw.Restart();
        while (sw.Elapsed.TotalSeconds < 0.15)
        {
            Invoke(op);
            n++;
        }
        double perOp = sw.Elapsed.TotalSeconds / n;
        return Math.Max(10, (long)(roundSeconds / perOp));
    }

    private static (double Us, double Bytes) Run(Func<bool> op, long n)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long bytes0 = GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < n; i++)
        {
            Invoke(op);
        }
        long t1 = Stopwatch.GetTimestamp();
        long bytes1 = GC.GetAllocatedBytesForCurrentThread();
        double us = (t1 - t0) * 1e6 / Stopwatch.Frequency / n;
        return (us, (double)(bytes1 - bytes0) / n);
    }

    private static void Invoke(Func<bool> op)
    {
        if (!op())
        {
            throw new InvalidOperationException("an operation under measurement failed");
        }
    }

    /// <summary>One algorithm: the same key on both sides, .NET descriptor/parameters, KrJwt builder/validator.</summary>
    private sealed class Case : IDisposable
    {
        private readonly string _alg;

        internal string Alg => _alg;
        private readonly JsonWebTokenHandler _handler = new();
        private readonly SecurityTokenDescriptor _descriptor;
        private readonly TokenValidationParameters _parameters;
        private readonly IntPtr _builder;
        private readonly IntPtr _validator;
        private readonly IDisposable[] _owned;
        private string _token = "";

        private Case(string alg, SecurityKey signKey, SecurityKey verifyKey, IntPtr krPrivate, IntPtr krPublic, IDisposable[] owned)
        {
            _alg = alg;
            _owned = owned;
            _descriptor = new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = Subject,
                    ["name"] = "Jane Doe",
                    ["role"] = "admin",
                    ["tenant"] = "contoso",
                },
                SigningCredentials = new SigningCredentials(signKey, alg),
            };
            _parameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = verifyKey,
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(60),
                ValidAlgorithms = new[] { alg },
            };

            Native.Check(Native.kr_jwt_builder_new(out _builder), "kr_jwt_builder_new");
            Native.Check(Native.kr_jwt_builder_set_issuer(_builder, Issuer), "set_issuer");
            Native.Check(Native.kr_jwt_builder_add_audience(_builder, Audience), "add_audience");
            Native.Check(Native.kr_jwt_builder_set_subject(_builder, Subject), "set_subject");
            Native.Check(Native.kr_jwt_builder_add_claim(_builder, "name", "Jane Doe"), "add_claim");
            Native.Check(Native.kr_jwt_builder_add_claim(_builder, "role", "admin"), "add_claim");
            Native.Check(Native.kr_jwt_builder_add_claim(_builder, "tenant", "contoso"), "add_claim");
            Native.Check(Native.kr_jwt_builder_limit_validity(_builder, 3600), "limit_validity");
            Native.Check(Native.kr_jwt_builder_protect(_builder, krPrivate, alg, IntPtr.Zero), "protect");
            string paramsJson =
                $"{{\"valid_issuers\":[\"{Issuer}\"],\"valid_audiences\":[\"{Audience}\"],\"valid_algorithms\":[\"{alg}\"],\"clock_skew_seconds\":60}}";
            Native.Check(Native.kr_jwt_validator_new(paramsJson, new[] { krPublic }, 1, out _validator), "kr_jwt_validator_new");
            // The builder and validator hold their own references to the parsed keys.
            Native.kr_jwt_key_free(krPrivate);
            if (krPublic != krPrivate)
            {
                Native.kr_jwt_key_free(krPublic);
            }
        }

        internal static Case Create(string alg)
        {
            switch (alg)
            {
                case "HS256":
                {
                    byte[] secret = RandomNumberGenerator.GetBytes(32);
                    IntPtr kr = Native.ImportKey(Native.KeyFormatSecret, secret);
                    return new Case(alg, new SymmetricSecurityKey(secret), new SymmetricSecurityKey(secret), kr, kr, Array.Empty<IDisposable>());
                }
                case "RS256":
                {
                    RSA rsa = RSA.Create(2048);
                    RSA pub = RSA.Create();
                    pub.ImportSubjectPublicKeyInfo(rsa.ExportSubjectPublicKeyInfo(), out _);
                    (IntPtr priv, IntPtr pubKr, string kid) = ImportPair(rsa.ExportPkcs8PrivateKey(), rsa.ExportSubjectPublicKeyInfo());
                    return new Case(alg, new RsaSecurityKey(rsa) { KeyId = kid }, new RsaSecurityKey(pub) { KeyId = kid }, priv, pubKr, new IDisposable[] { rsa, pub });
                }
                case "ES256":
                case "ES384":
                case "ES512":
                {
                    ECCurve curve = alg switch
                    {
                        "ES256" => ECCurve.NamedCurves.nistP256,
                        "ES384" => ECCurve.NamedCurves.nistP384,
                        _ => ECCurve.NamedCurves.nistP521,
                    };
                    ECDsa ec = ECDsa.Create(curve);
                    ECDsa pub = ECDsa.Create();
                    pub.ImportSubjectPublicKeyInfo(ec.ExportSubjectPublicKeyInfo(), out _);
                    (IntPtr priv, IntPtr pubKr, string kid) = ImportPair(ec.ExportPkcs8PrivateKey(), ec.ExportSubjectPublicKeyInfo());
                    return new Case(alg, new ECDsaSecurityKey(ec) { KeyId = kid }, new ECDsaSecurityKey(pub) { KeyId = kid }, priv, pubKr, new IDisposable[] { ec, pub });
                }
                default:
                    throw new ArgumentException($"unsupported algorithm {alg} (HS256, RS256, ES256, ES384, ES512)");
            }
        }

        /// <summary>PKCS#8 and SPKI DER into KrJwt; the kid is KrJwt's RFC 7638 thumbprint, which KrJwt writes
        /// into its tokens, so the .NET keys get the same KeyId and both sides' headers match.</summary>
        private static (IntPtr Private, IntPtr Public, string Kid) ImportPair(byte[] pkcs8, byte[] spki)
        {
            IntPtr priv = Native.ImportKey(Native.KeyFormatDer, pkcs8);
            IntPtr pub = Native.ImportKey(Native.KeyFormatDer, spki);
            Native.Check(Native.kr_jwt_key_thumbprint(priv, out IntPtr tp), "kr_jwt_key_thumbprint");
            return (priv, pub, Native.Take(tp));
        }

        internal void CrossCheck()
        {
            string netToken = _handler.CreateToken(_descriptor);
            string krToken = KrCreateToken();
            bool netAcceptsKr = _handler.ValidateTokenAsync(krToken, _parameters).GetAwaiter().GetResult().IsValid;
            int krOnNet = Native.kr_jwt_validate_status(_validator, netToken, IntPtr.Zero);
            bool netAcceptsNet = _handler.ValidateTokenAsync(netToken, _parameters).GetAwaiter().GetResult().IsValid;
            int krOnKr = Native.kr_jwt_validate_status(_validator, krToken, IntPtr.Zero);
            string tamperedNet = Tamper(netToken);
            string tamperedKr = Tamper(krToken);
            bool netRefusesTampered = !_handler.ValidateTokenAsync(tamperedKr, _parameters).GetAwaiter().GetResult().IsValid;
            bool krRefusesTampered = Native.kr_jwt_validate_status(_validator, tamperedNet, IntPtr.Zero) == 22; // InvalidSignature
            if (!(netAcceptsKr && krOnNet == 0 && netAcceptsNet && krOnKr == 0 && netRefusesTampered && krRefusesTampered))
            {
                throw new InvalidOperationException(
                    $"{_alg} cross-check failed: .NET accepts KrJwt token {netAcceptsKr}, KrJwt status on .NET token {krOnNet}, " +
                    $".NET accepts own {netAcceptsNet}, KrJwt status on own {krOnKr}, tampered refused .NET {netRefusesTampered} KrJwt {krRefusesTampered}");
            }
            Console.WriteLine($"cross-check {_alg}: KrJwt accepts the .NET token ({netToken.Length} chars), .NET accepts the KrJwt token " +
                              $"({krToken.Length} chars), both refuse a tampered signature. OK");
            Console.WriteLine($"  .NET  header {Segment(netToken, 0)}");
            Console.WriteLine($"  KrJwt header {Segment(krToken, 0)}");
            _token = netToken;
        }

        private static string Segment(string token, int index) =>
            System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(token.Split('.')[index]));

        private static string Tamper(string token)
        {
            int dot = token.LastIndexOf('.');
            char[] chars = token.ToCharArray();
            int i = dot + 5;
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            return new string(chars);
        }

        private string KrCreateToken()
        {
            Native.Check(Native.kr_jwt_builder_build(_builder, out IntPtr result), "kr_jwt_builder_build");
            try
            {
                Native.Check(Native.kr_jwt_result_token(result, out IntPtr token), "kr_jwt_result_token");
                return Native.Take(token);
            }
            finally
            {
                Native.kr_jwt_result_free(result);
            }
        }

        internal bool NetCreate() => _handler.CreateToken(_descriptor).Length > 0;

        internal bool KrCreate() => KrCreateToken().Length > 0;

        internal bool NetValidate() => _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult().IsValid;

        internal bool KrValidate() => Native.kr_jwt_validate_status(_validator, _token, IntPtr.Zero) == 0;

        internal bool NetValidateClaims()
        {
            TokenValidationResult result = _handler.ValidateTokenAsync(_token, _parameters).GetAwaiter().GetResult();
            return result.IsValid && result.ClaimsIdentity.Claims.Any();
        }

        internal bool KrValidateClaims()
        {
            int status = Native.kr_jwt_validate_claims(_validator, _token, out IntPtr json);
            return status == 0 && Native.Take(json).Length > 2;
        }

        public void Dispose()
        {
            Native.kr_jwt_builder_free(_builder);
            Native.kr_jwt_validator_free(_validator);
            foreach (IDisposable d in _owned)
            {
                d.Dispose();
            }
        }
    }
}
