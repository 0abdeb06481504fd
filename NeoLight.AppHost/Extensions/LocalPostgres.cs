using System.Diagnostics;
using Aspire.Hosting;

namespace NeoLight.AppHost.Extensions;

/// <summary>
/// Debian's PostgreSQL server run from its binaries (no container runtime here): found, and a data directory prepared, the
/// same way for the AppHost's <c>--Storage=postgres</c> and for the tests' own servers.
/// </summary>
internal static class LocalPostgres
{
    /// <summary>A data directory the first time: initdb (trust on loopback only) and the <c>neolight</c> database.</summary>
    public static void Initialize(string bin, string data, bool asRoot, bool durable = true)
    {
        if (File.Exists(Path.Combine(data, "PG_VERSION"))) return;
        Directory.CreateDirectory(data);
        if (asRoot && !OperatingSystem.IsWindows())
        {
            // The postgres user must be able to pass through the state folder (search only, not list) to reach its data.
            var parent = Path.GetDirectoryName(data)!;
            File.SetUnixFileMode(parent, File.GetUnixFileMode(parent) | UnixFileMode.OtherExecute);
            Run(false, "chown", "postgres:postgres", data);
        }
        // Not durable (tests): no fsync of the new cluster, which takes seconds.
        string[] noSync = durable ? [] : ["--no-sync"];
        Run(asRoot, Path.Combine(bin, "initdb"), ["-D", data, "-U", "neolight", "--auth=trust", "-E", "UTF8", .. noSync], null);
        Run(asRoot, Path.Combine(bin, "postgres"), ["--single", "-D", data, "-c", "listen_addresses=", "postgres"],
            "CREATE DATABASE neolight;\n");
    }

    public static void Run(bool asRoot, string file, params string[] args) => Run(asRoot, file, args, null);

    public static void Run(bool asRoot, string file, string[] args, string? input)
    {
        var info = asRoot ? new ProcessStartInfo("runuser", ["-u", "postgres", "--", file, .. args]) : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = info.RedirectStandardError = info.RedirectStandardInput = true;
        info.WorkingDirectory = "/tmp";
        using var process = Process.Start(info)!;
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new DistributedApplicationException($"{Path.GetFileName(file)} failed ({process.ExitCode}): {error}{output.Result}");
    }

    /// <summary>The newest installed server's bin directory (Debian's layout), or null.</summary>
    public static string? ServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root).Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "postgres"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault();
    }
}
