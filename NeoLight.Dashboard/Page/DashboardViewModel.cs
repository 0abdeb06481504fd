using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;

namespace NeoLight.Dashboard.Page;

/// <summary>
/// The page's view, one per process: rebuilt at most once a second and only after something changed (a commit, another
/// replica's notification, the risk engine's state) — by the timer while a live page listens, else when the view is asked
/// for; every open page is sent the same <see cref="Current"/> when told by <see cref="Changed"/> (<see cref="PageFeed"/>).
/// Ten tabs cost what one does.
/// </summary>
public sealed partial class DashboardViewModel : IDisposable
{
    private static readonly TimeSpan Coalescing = TimeSpan.FromSeconds(1);
    private readonly LatestState _latest;
    private readonly IDashboardStore _store;
    private readonly RiskEngineMonitor _risk;
    private readonly ILogger<DashboardViewModel> _logger;
    private readonly ChartHistory _snapshots = new(RecordKind.Metrics, ChartHistory.ReadMetrics);
    private readonly ChartHistory _allocations = new(RecordKind.Allocations, ChartHistory.ReadAllocations);
    private readonly Lock _build = new();
    private readonly ITimer _timer;
    private readonly TimeProvider _time;
    private long _builtAt;
    private DashboardView? _current;
    private volatile bool _dirty = true;

    public DashboardViewModel(LatestState latest, IDashboardStore store, RiskEngineMonitor risk, TimeProvider time,
        ILogger<DashboardViewModel> logger)
    {
        (_latest, _store, _risk, _logger, _time) = (latest, store, risk, logger, time);
        _latest.Changed += MarkDirty;
        _risk.Changed += MarkDirty;
        _timer = time.CreateTimer(_ => RebuildIfChanged(), null, Coalescing, Coalescing);
    }

    /// <summary>Told after <see cref="Current"/> changed; handlers run on the timer's thread and must not block.</summary>
    public event Action? Changed;

    /// <summary>The newest view: rebuilt here when something changed and the last build is a second old (or there is none).</summary>
    public DashboardView Current
    {
        get
        {
            lock (_build)
            {
                if (_current is null || _dirty && _time.GetElapsedTime(_builtAt) >= Coalescing) Rebuild();
                return _current!;
            }
        }
    }

    public RiskEngineReading Risk => _risk.Current;

    private void MarkDirty() => _dirty = true;

    private void RebuildIfChanged()
    {
        if (!_dirty || Changed is null) return; // nothing new, or no live page listening
        try
        {
            lock (_build) Rebuild();
        }
        catch (Exception ex)
        {
            // On the timer's thread nothing may escape (it would end the process): the pages keep the last view, and the next
            // tick tries again (the store may be away).
            _dirty = true;
            LogRebuildFailed(ex.Message);
            return;
        }
        Changed?.Invoke();
    }

    private void Rebuild()
    {
        _dirty = false;
        _builtAt = _time.GetTimestamp();
        _current = Build();
    }

    private DashboardView Build()
    {
        _snapshots.Refresh(_store, _latest.Count(RecordKind.Metrics));
        _allocations.Refresh(_store, _latest.Count(RecordKind.Allocations));
        return DashboardView.Build(_latest, _store.Page(RecordKind.Decision, 15), _snapshots.OldestFirst, _allocations.OldestFirst);
    }

    public void Dispose()
    {
        _latest.Changed -= MarkDirty;
        _risk.Changed -= MarkDirty;
        _timer.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The page's view could not be rebuilt ({Reason}); the last one stays")]
    private partial void LogRebuildFailed(string reason);
}
