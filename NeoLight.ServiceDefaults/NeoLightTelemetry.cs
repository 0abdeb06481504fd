using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace NeoLight.ServiceDefaults;

/// <summary>Names of NeoLight's own meter and activity source; every service reports under them.</summary>
public static class NeoLightTelemetry
{
    public const string MeterName = "NeoLight";
    public const string ActivitySourceName = "NeoLight";
    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
