using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// Stops the service when the process that started it is gone, so that a killed AppHost leaves no
/// orphans. The AppHost passes its pid in <c>NEOLIGHT_PARENT_PID</c>; without it this does nothing.
/// </summary>
internal sealed partial class ParentProcessWatcher(IConfiguration configuration, IHostApplicationLifetime lifetime,
    ILogger<ParentProcessWatcher> logger) : BackgroundService
{
    public const string Variable = "NEOLIGHT_PARENT_PID";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!int.TryParse(configuration[Variable], out var pid) || pid <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (IsAlive(pid)) continue;
            LogParentGone(pid);
            lifetime.StopApplication();
            return;
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var parent = Process.GetProcessById(pid);
            return !parent.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Parent process {Pid} is gone; stopping.")]
    private partial void LogParentGone(int pid);
}
