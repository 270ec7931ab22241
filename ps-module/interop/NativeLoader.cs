// Loads libkr_jwt from the one path the module ships it at for this OS and architecture
// (bin/<rid>/<file>, rid as in .NET: linux-x64, linux-arm64, win-x64, osx-x64, osx-arm64), and explains in
// one line why it cannot: the runtime's own DllNotFoundException lists a dozen probed paths and, for a
// library built for another CPU, glibc even reports "No such file or directory".
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;

namespace KrJwt;

/// <summary>Where KrJwt keeps its native library for each platform: <c>bin/&lt;rid&gt;/&lt;file&gt;</c>.</summary>
public static class NativeLoader
{
    private static readonly object Gate = new();
    private static IntPtr _handle;

    /// <summary>The runtime identifiers KrJwt can ship a native library for.</summary>
    public static IReadOnlyList<string> SupportedRuntimes { get; } = new[] { "linux-x64", "linux-arm64", "win-x64", "osx-x64", "osx-arm64" };

    /// <summary>The .NET runtime identifier of an OS and architecture (e.g. <c>linux-x64</c>), supported or not.</summary>
    public static string RuntimeIdentifier(OSPlatform os, Architecture architecture) =>
        (os == OSPlatform.Windows ? "win" : os == OSPlatform.OSX ? "osx" : os == OSPlatform.Linux ? "linux" : os.ToString().ToLowerInvariant())
        + "-" + architecture.ToString().ToLowerInvariant();

    /// <summary>The native library's file name on an OS: <c>kr_jwt.dll</c>, <c>libkr_jwt.dylib</c> or <c>libkr_jwt.so</c>.</summary>
    public static string FileName(OSPlatform os) =>
        os == OSPlatform.Windows ? "kr_jwt.dll" : os == OSPlatform.OSX ? "libkr_jwt.dylib" : "libkr_jwt.so";

    /// <summary>
    /// The path the native library for <paramref name="os"/> and <paramref name="architecture"/> has under
    /// <paramref name="baseDirectory"/> (the interop's folder, the module's <c>bin/</c>):
    /// <c>&lt;baseDirectory&gt;/&lt;rid&gt;/&lt;file&gt;</c>. Pure: the file need not exist (the loader says so
    /// when it does not). Throws <see cref="PlatformNotSupportedException"/> for a platform KrJwt has no
    /// runtime identifier for.
    /// </summary>
    public static string ResolvePath(string baseDirectory, OSPlatform os, Architecture architecture)
    {
        string rid = RuntimeIdentifier(os, architecture);
        if (Array.IndexOf((string[])SupportedRuntimes, rid) < 0)
        {
            throw new PlatformNotSupportedException(
                $"KrJwt has no native library for {rid}: it is built for {string.Join(", ", SupportedRuntimes)} only.");
        }
        return Path.Combine(baseDirectory, rid, FileName(os));
    }

    /// <summary>The runtime identifiers under <paramref name="baseDirectory"/> that hold their native library.</summary>
    public static string[] ShippedRuntimes(string baseDirectory)
    {
        var found = new List<string>();
        foreach (string rid in SupportedRuntimes)
        {
            OSPlatform os = rid.StartsWith("win-", StringComparison.Ordinal) ? OSPlatform.Windows
                : rid.StartsWith("osx-", StringComparison.Ordinal) ? OSPlatform.OSX : OSPlatform.Linux;
            if (File.Exists(Path.Combine(baseDirectory, rid, FileName(os))))
            {
                found.Add(rid);
            }
        }
        return found.ToArray();
    }

    /// <summary>This process's OS, as the <see cref="OSPlatform"/> the resolver takes.</summary>
    internal static OSPlatform CurrentOS =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows
        : OperatingSystem.IsMacOS() ? OSPlatform.OSX
        : OperatingSystem.IsLinux() ? OSPlatform.Linux
        : OSPlatform.Create(RuntimeInformation.OSDescription.Split(' ')[0]);

    /// <summary>The platform this process needs the library built for, as a .NET runtime identifier (e.g. <c>linux-x64</c>).</summary>
    internal static string ExpectedPlatform => RuntimeIdentifier(CurrentOS, RuntimeInformation.ProcessArchitecture);

    /// <summary>The folder the runtime folders are in: the interop assembly's own (the module's <c>bin/</c>).</summary>
    internal static string BaseDirectory => Path.GetDirectoryName(typeof(NativeLoader).Assembly.Location) ?? ".";

    /// <summary>
    /// Where this process loads the library from; for a platform without a runtime identifier, the path it
    /// would have (the loader then reports the platform as unsupported).
    /// </summary>
    internal static string CurrentPath
    {
        get
        {
            try
            {
                return ResolvePath(BaseDirectory, CurrentOS, RuntimeInformation.ProcessArchitecture);
            }
            catch (PlatformNotSupportedException)
            {
                return Path.Combine(BaseDirectory, ExpectedPlatform, FileName(CurrentOS));
            }
        }
    }

    /// <summary>
    /// The handle of the library at <see cref="NativeMethods.NativePath"/>, loaded on first use. Never falls back
    /// to another copy: a library that cannot be loaded throws <see cref="DllNotFoundException"/> with
    /// <see cref="TryLoad"/>'s one-line message.
    /// </summary>
    internal static IntPtr Handle
    {
        get
        {
            lock (Gate)
            {
                if (_handle != IntPtr.Zero)
                {
                    return _handle;
                }
                string? problem = TryLoad(out IntPtr handle);
                if (problem is not null)
                {
                    throw new DllNotFoundException(problem);
                }
                _handle = handle;
                return handle;
            }
        }
    }

    /// <summary>Loads the library; null on success, else the one-line message for the user.</summary>
    internal static string? TryLoad(out IntPtr handle)
    {
        handle = IntPtr.Zero;
        string path = NativeMethods.NativePath;
        string baseDirectory = BaseDirectory;
        string relative = Path.GetRelativePath(Path.GetDirectoryName(baseDirectory) ?? baseDirectory, path).Replace('\\', '/');
        string shipped = ShippedRuntimes(baseDirectory) is { Length: > 0 } rids ? string.Join(", ", rids) : "none";
        string advice = $"This copy of KrJwt ships native libraries for: {shipped}. Install a KrJwt package that includes {ExpectedPlatform}, "
            + "or build it from source ('./build.ps1 Build' at the repository root on this platform; cross-builds: docs/packaging.md), "
            + "then import the module again in a new session.";
        if (Array.IndexOf((string[])SupportedRuntimes, ExpectedPlatform) < 0)
        {
            return $"KrJwt has no native library for {ExpectedPlatform} ({RuntimeInformation.OSDescription.Trim()}): it is built for "
                + $"{string.Join(", ", SupportedRuntimes)} only. {advice}";
        }
        if (!File.Exists(path))
        {
            return $"KrJwt has no native library for {ExpectedPlatform} (expected {relative}, '{path}': the file is missing). {advice}";
        }
        string? reason = Inspect(path);
        if (reason is null)
        {
            try
            {
                handle = NativeLibrary.Load(path);
                return null;
            }
            catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
            {
                reason = LoaderReason(ex.Message, path);
            }
        }
        return $"KrJwt cannot load its native library '{path}': {reason}. This PowerShell needs {NativeMethods.NativeFileName} built for "
            + $"{ExpectedPlatform} ({RuntimeInformation.OSDescription.Trim()}). {advice}";
    }

    // What is visibly wrong with the file before the loader sees it; null when nothing is.
    private static string? Inspect(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        byte[] header = new byte[64];
        int read;
        long length;
        bool truncated;
        try
        {
            using FileStream stream = File.OpenRead(path);
            length = stream.Length;
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            truncated = IsTruncated(stream, header, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "the file cannot be read (" + ex.Message + ")";
        }
        if (read < 20 || header[0] != 0x7F || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F')
        {
            return "the file is not a shared library (no ELF header: it is corrupt, truncated or built for another OS)";
        }
        // e_ident[EI_CLASS] 1 = 32-bit, 2 = 64-bit; e_ident[EI_DATA] 1 = little-endian; e_machine at offset 18.
        bool bits64 = header[4] == 2;
        int machine = header[5] == 1 ? header[18] | (header[19] << 8) : (header[18] << 8) | header[19];
        string built = ElfArchitecture(machine, bits64);
        string expected = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (built != expected)
        {
            return $"the file is built for another architecture ({ElfMachineName(machine)}, {(bits64 ? 64 : 32)}-bit ELF), not {expected}";
        }
        // glibc maps the loadable segments without checking the file is long enough; a cut-off copy then
        // kills the process with SIGBUS instead of failing dlopen.
        if (truncated)
        {
            return $"the file is truncated ({length} bytes, shorter than its ELF headers say: an interrupted copy or build)";
        }
        return null;
    }

    // Whether a loadable segment (or the program header table) of a little-endian ELF lies beyond the end of
    // the file. Other byte orders are left to the loader.
    private static bool IsTruncated(FileStream stream, byte[] header, int read)
    {
        bool bits64 = header[4] == 2;
        if (read < (bits64 ? 64 : 52) || header[5] != 1)
        {
            return false;
        }
        long length = stream.Length;
        ulong tableOffset = bits64 ? BitConverter.ToUInt64(header, 32) : BitConverter.ToUInt32(header, 28);
        int entrySize = BitConverter.ToUInt16(header, bits64 ? 54 : 42);
        int count = BitConverter.ToUInt16(header, bits64 ? 56 : 44);
        ulong tableSize = (ulong)entrySize * (ulong)count;
        if (tableSize == 0)
        {
            return false;
        }
        if (entrySize < (bits64 ? 40 : 20) || tableOffset > (ulong)length || tableSize > (ulong)length - tableOffset)
        {
            return true;
        }
        byte[] table = new byte[tableSize];
        stream.Position = (long)tableOffset;
        stream.ReadExactly(table);
        const uint PtLoad = 1;
        for (int at = 0; at + entrySize <= table.Length; at += entrySize)
        {
            if (BitConverter.ToUInt32(table, at) != PtLoad)
            {
                continue;
            }
            ulong offset = bits64 ? BitConverter.ToUInt64(table, at + 8) : BitConverter.ToUInt32(table, at + 4);
            ulong size = bits64 ? BitConverter.ToUInt64(table, at + 32) : BitConverter.ToUInt32(table, at + 16);
            if (offset > (ulong)length || size > (ulong)length - offset)
            {
                return true;
            }
        }
        return false;
    }

    // ELF e_machine to the .NET architecture names (RuntimeInformation.ProcessArchitecture, lower case).
    private static string ElfArchitecture(int machine, bool bits64) => machine switch
    {
        62 when bits64 => "x64",
        3 when !bits64 => "x86",
        183 when bits64 => "arm64",
        40 when !bits64 => "arm",
        243 when bits64 => "riscv64",
        258 when bits64 => "loongarch64",
        22 when bits64 => "s390x",
        21 when bits64 => "ppc64le",
        _ => "elf-machine-" + machine,
    };

    private static string ElfMachineName(int machine) => machine switch
    {
        62 => "x86-64",
        3 => "i386",
        183 => "aarch64",
        40 => "arm",
        243 => "riscv",
        258 => "loongarch",
        22 => "s390",
        21 => "ppc64",
        _ => "ELF machine " + machine,
    };

    // The loader's own line about this file (glibc: "<path>: <reason>"), without the runtime's advice on strace.
    private static string LoaderReason(string message, string path)
    {
        foreach (string line in message.Split('\n'))
        {
            int at = line.IndexOf(path, StringComparison.Ordinal);
            if (at >= 0)
            {
                string rest = line.Substring(at + path.Length).TrimStart(':', ' ').Trim();
                if (rest.Length > 0)
                {
                    return "the loader refused it (" + rest + ")";
                }
            }
        }
        string first = message.Split('\n')[0].Trim();
        return "the loader refused it (" + first + ")";
    }
}
