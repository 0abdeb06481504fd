using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// NeoLight's own instruments — its meter and activity source, which every service reports under and OpenTelemetry exports —
/// not to be confused with the telemetry agent (NeoLight.Agents), which posts meta-metrics snapshots to the dashboard.
/// </summary>
public static class NeoLightInstruments
{
    public const string MeterName = "NeoLight";
    public const string ActivitySourceName = "NeoLight";
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
