using System.Diagnostics;

namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// No orphans from a killed test run: <see cref="BuiltService"/> loads this assembly into every service it starts as a
/// .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>), and the hook stops the service once the process named in
/// <c>NEOLIGHT_PARENT_PID</c> is gone. Services run by the AppHost need none of this: Aspire's orchestrator ends them.
/// </summary>
public static class ParentProcessWatcher
{
    public const string Variable = "NEOLIGHT_PARENT_PID";

    /// <summary>What <see cref="BuiltService"/> adds to a service's environment so that it watches <paramref name="pid"/>.</summary>
    public static void Configure(IDictionary<string, string?> environment, int pid)
    {
        environment["DOTNET_STARTUP_HOOKS"] = typeof(ParentProcessWatcher).Assembly.Location;
        environment[Variable] = pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static void Start()
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), out var pid) || pid <= 0) return;
        new Thread(() => Watch(pid)) { IsBackground = true, Name = "parent process watcher" }.Start();
    }

    private static void Watch(int pid)
    {
        while (IsAlive(pid)) Thread.Sleep(TimeSpan.FromSeconds(1));
        Console.Error.WriteLine($"Parent process {pid} is gone; stopping.");
        Environment.Exit(0); // the host hears ProcessExit and stops as on SIGTERM
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var parent = Process.GetProcessById(pid);
            return !parent.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
