using System.Diagnostics;
using System.Text;
using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// GET /status with measured figures (the original answered zeros): this process's CPU % over the last
/// interval (of all cores), its memory in MB, the use % of the disk that holds the database, uptime; the
/// guardian as last reported; and the state of what the dashboard depends on.
/// </summary>
public sealed class SystemStatus(LatestState latest, IngestionQueue queue, IDashboardStore store, StoreHealth health,
    DashboardOptions options, RiskEngineMonitor risk, ServiceIdentity identity, TimeProvider time)
{
    private readonly Lock _gate = new();
    // The first sample is the average since the process started.
    private TimeSpan _lastCpu = TimeSpan.Zero;
    private long _lastWall = Stopwatch.GetTimestamp()
        - (long)((DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds * Stopwatch.Frequency);
    private double _cpuPercent;

    /// <summary>CPU % of this process since the previous sample at least half a second ago.</summary>
    public double CpuPercent()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            var elapsed = Stopwatch.GetElapsedTime(_lastWall, now);
            if (elapsed < TimeSpan.FromMilliseconds(500)) return _cpuPercent;
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            _cpuPercent = Math.Round((cpu - _lastCpu).TotalMilliseconds / elapsed.TotalMilliseconds / Environment.ProcessorCount * 100, 2);
            _lastCpu = cpu;
            _lastWall = now;
            return _cpuPercent;
        }
    }

    public static double MemoryMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return Math.Round(process.WorkingSet64 / (1024.0 * 1024.0), 1);
    }

    private static double DiskUsePercent(DriveInfo? drive) => drive is { TotalSize: > 0 }
        ? Math.Round((drive.TotalSize - drive.AvailableFreeSpace) * 100.0 / drive.TotalSize, 2)
        : 0;

    /// <summary>The disk that holds the SQLite file; null for PostgreSQL (its disk is the server's).</summary>
    private DriveInfo? StoreDrive() => store.Provider != "sqlite" ? null
        : DriveInfo.GetDrives()
            .Where(d => d.IsReady && store.Location.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .MaxBy(d => d.RootDirectory.FullName.Length);

    public string Render()
    {
        var now = time.GetUtcNow();
        var drive = StoreDrive(); // one look at the mounts per document: its use % and its free bytes
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("system");
            json.WriteNumber("cpu", CpuPercent());
            json.WriteNumber("memory", MemoryMegabytes());
            json.WriteNumber("disk", DiskUsePercent(drive));
            json.WriteString("uptime", identity.FormatUptime(now));
            json.WriteNumber("uptime_seconds", Math.Round(identity.Uptime(now).TotalSeconds));
            json.WriteNumber("cores", Environment.ProcessorCount);
            json.WriteEndObject();

            json.WritePropertyName("guardian");
            WriteGuardian(json);

            json.WriteStartObject("services");
            json.WriteString("dashboard", "ok");
            json.WriteStartObject("database");
            json.WriteString("status", health.Failing is null ? "ok" : "failing");
            json.WriteString("provider", store.Provider);
            json.WriteString("path", store.Location);
            WriteFailure(json, "failing_since", health.Failing);
            WriteFailure(json, "last_failure", health.LastFailure);
            if (drive?.AvailableFreeSpace is { } free) json.WriteNumber("free_bytes", free);
            else json.WriteNull("free_bytes");
            foreach (var kind in Enum.GetValues<RecordKind>())
                json.WriteNumber(kind.ToString().ToLowerInvariant(), latest.Count(kind));
            json.WriteEndObject();
            json.WriteStartObject("ingestion");
            json.WriteNumber("queue_depth", queue.Depth);
            json.WriteNumber("capacity", queue.Capacity);
            json.WriteEndObject();
            json.WriteStartObject("metrics_file");
            json.WriteString("status", options.MetricsPath is null ? "off" : health.MetricsFileFailing is null ? "ok" : "failing");
            WriteFailure(json, "failing_since", health.MetricsFileFailing);
            json.WriteEndObject();
            json.WriteString("risk_engine", risk.Current.Status);
            json.WriteEndObject();
            json.WriteString("timestamp", WireTime.Format(now));
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteFailure(Utf8JsonWriter json, string name, StoreFailure? failure)
    {
        if (failure is null)
        {
            json.WriteNull(name);
            return;
        }
        json.WriteStartObject(name);
        json.WriteString("at", WireTime.Format(failure.At));
        json.WriteString("reason", failure.Reason);
        json.WriteEndObject();
    }

    private void WriteGuardian(Utf8JsonWriter json)
    {
        if (latest.Latest(RecordKind.Metrics) is { } metrics)
        {
            using var document = JsonDocument.Parse(metrics.Payload);
            if (document.RootElement.TryGetProperty("guardian", out var guardian) && guardian.ValueKind == JsonValueKind.Object)
            {
                guardian.WriteTo(json);
                return;
            }
        }
        json.WriteStartObject();
        json.WriteBoolean("is_paused", false);
        json.WriteNumber("drawdown", 0);
        json.WriteString("reason", "No telemetry received yet");
        json.WriteEndObject();
    }
}
