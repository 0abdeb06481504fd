using System.ComponentModel.DataAnnotations;

namespace NeoLight.Contracts;

// The dashboard's answers that are written as they are read (stored payloads, figures measured on the spot) rather than
// serialized from these types: the types say in the OpenAPI document what those answers hold, and a test reads each answer
// into its type refusing unknown members, so the two cannot drift.

/// <summary>GET /meta/metrics/history: stored snapshots, newest first, a page at a time.</summary>
public sealed class MetricsHistoryDto
{
    public List<MetaMetricsDto> Snapshots { get; set; } = [];
    /// <summary>How many snapshots are stored (received since <c>since</c> when given).</summary>
    public long Total { get; set; }
    /// <summary>The cursor of the next (older) page, null on the last.</summary>
    public string? NextCursor { get; set; }
}

/// <summary>GET / (for a program): the service and the routes it serves.</summary>
public sealed class ServiceDocumentDto
{
    public string Service { get; set; } = "";
    public string Version { get; set; } = "";
    public List<string> Endpoints { get; set; } = [];
}

/// <summary>GET /status: the dashboard's host, its store and ingestion, the guardian and the risk engine as it sees them.</summary>
public sealed class StatusDto
{
    public StatusSystemDto System { get; set; } = new();
    public GuardianDto Guardian { get; set; } = new();
    public StatusServicesDto Services { get; set; } = new();
    public DateTimeOffset Timestamp { get; set; }
}

public sealed class StatusSystemDto
{
    /// <summary>This process's CPU use since the previous read, percent of one core.</summary>
    public double Cpu { get; set; }
    /// <summary>Resident memory, MB.</summary>
    public double Memory { get; set; }
    /// <summary>Use of the disk holding the store, percent.</summary>
    public double Disk { get; set; }
    public string Uptime { get; set; } = "";
    public double UptimeSeconds { get; set; }
    public int Cores { get; set; }
}

public sealed class StatusServicesDto
{
    public string Dashboard { get; set; } = "";
    public StatusDatabaseDto Database { get; set; } = new();
    public StatusIngestionDto Ingestion { get; set; } = new();
    public StatusMetricsFileDto MetricsFile { get; set; } = new();
    /// <summary><c>ok</c>, <c>unreachable</c> or <c>unknown</c> (not checked yet).</summary>
    public string RiskEngine { get; set; } = "";
}

/// <summary>The store, and how many records of each kind it holds.</summary>
public sealed class StatusDatabaseDto
{
    /// <summary><c>ok</c>, or <c>failing</c> while commits fail (then /health is Unhealthy and writes answer 503).</summary>
    [AllowedValues("ok", "failing")]
    public string Status { get; set; } = "";
    /// <summary>The first failure of the commits failing now; null when the last commit succeeded.</summary>
    public StatusFailureDto? FailingSince { get; set; }
    /// <summary>The last failure since the process started, null if none.</summary>
    public StatusFailureDto? LastFailure { get; set; }
    /// <summary>Free bytes on the disk that holds the SQLite file; null for PostgreSQL.</summary>
    public long? FreeBytes { get; set; }
    /// <summary><c>sqlite</c> or <c>postgresql</c>.</summary>
    public string Provider { get; set; } = "";
    /// <summary>The SQLite file, or the server and database (never credentials).</summary>
    public string Path { get; set; } = "";
    public long Metrics { get; set; }
    public long Decision { get; set; }
    public long Regime { get; set; }
    public long Allocations { get; set; }
    public long Atlas { get; set; }
    public long Session { get; set; }
}

/// <summary>A failure of the store or of the METRICS_PATH file.</summary>
public sealed class StatusFailureDto
{
    public DateTimeOffset At { get; set; }
    public string Reason { get; set; } = "";
}

/// <summary>The METRICS_PATH file: rewritten from what was committed.</summary>
public sealed class StatusMetricsFileDto
{
    /// <summary><c>ok</c>, <c>failing</c> (the last write failed), or <c>off</c> (METRICS_PATH is empty).</summary>
    [AllowedValues("ok", "failing", "off")]
    public string Status { get; set; } = "";
    public StatusFailureDto? FailingSince { get; set; }
}

public sealed class StatusIngestionDto
{
    public long QueueDepth { get; set; }
    public long Capacity { get; set; }
}
