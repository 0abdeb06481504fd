using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace NeoLight.Dashboard.Page;

/// <summary>
/// The page's live feed: each open page holds one server-sent-event stream and receives the whole <see cref="PageDocument"/>
/// when it opens and after each change of the view (at most once a second, <see cref="DashboardViewModel"/>). The document is
/// written once per change, whatever the number of pages; while no page listens the view is not rebuilt at all.
/// </summary>
public sealed class PageFeed(DashboardViewModel model)
{
    /// <summary>Pages served at once: a client opening streams without end gets 503s, not the process's memory.</summary>
    public const int MaxStreams = 100;

    private readonly Lock _render = new();
    private TaskCompletionSource _changed = NewSignal();
    private (DashboardView View, RiskEngineReading Risk, string Json)? _rendered;
    private int _open;
    private int _listening;

    /// <summary>The newest document as JSON: written again only when the view or the risk reading changed.</summary>
    public string Current()
    {
        var view = model.Current;
        var risk = model.Risk;
        lock (_render)
        {
            if (_rendered is not { } r || !ReferenceEquals(r.View, view) || !ReferenceEquals(r.Risk, risk))
                _rendered = r = (view, risk, PageDocument.From(view, risk).ToJson());
            return r.Json;
        }
    }

    /// <summary>Counts a stream in; false when <see cref="MaxStreams"/> are open. Each one counted in is given back by Close.</summary>
    public bool TryOpen()
    {
        if (Interlocked.Increment(ref _open) <= MaxStreams) return true;
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Close() => Interlocked.Decrement(ref _open);

    /// <summary>The document now, then after each change, until the page goes away.</summary>
    public async IAsyncEnumerable<SseItem<string>> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Listen(+1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = Volatile.Read(ref _changed).Task; // taken before reading, so a change meanwhile is not missed
                yield return new SseItem<string>(Current(), "view");
                await next.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            Listen(-1);
        }
    }

    /// <summary>The view model is listened to while a stream is open (under a lock: a last one leaving and a first one coming).</summary>
    private void Listen(int change)
    {
        lock (_render)
        {
            var before = _listening;
            _listening += change;
            if (before == 0 && _listening == 1) model.Changed += OnChanged;
            else if (before == 1 && _listening == 0) model.Changed -= OnChanged;
        }
    }

    private void OnChanged() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
