namespace NeoLight.Hosting;

/// <summary>
/// The current snapshot of every resource and a way to wait for one to be healthy, by Aspire's names.
/// Unlike Aspire's, waiting ends with an error as soon as the resource cannot become healthy.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.Ordinal);
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyList<ResourceSnapshot> All()
    {
        lock (_gate) return [.. _snapshots.Values];
    }

    public ResourceSnapshot? Get(string name)
    {
        lock (_gate) return _snapshots.GetValueOrDefault(name);
    }

    public void Publish(ResourceSnapshot snapshot)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _snapshots[snapshot.Name] = snapshot;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
        Changed?.Invoke(snapshot);
    }

    public void Update(string name, Func<ResourceSnapshot, ResourceSnapshot> change)
    {
        ResourceSnapshot next;
        lock (_gate) next = change(_snapshots[name]);
        Publish(next);
    }

    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForAsync(name, s => s.State == ResourceState.Running && s.Health == HealthStatus.Healthy, cancellationToken);

    public Task<ResourceSnapshot> WaitForResourceAsync(string name, ResourceState state, CancellationToken cancellationToken = default) =>
        WaitForAsync(name, s => s.State == state, cancellationToken, failOnFailure: state != ResourceState.FailedToStart);

    /// <summary>Completes when <paramref name="condition"/> holds; throws when the resource failed to start instead.</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> condition, CancellationToken cancellationToken,
        bool failOnFailure = true)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
                if (_snapshots.TryGetValue(name, out var snapshot))
                {
                    if (condition(snapshot)) return snapshot;
                    if (failOnFailure && snapshot.State == ResourceState.FailedToStart)
                        throw new ResourceFailedException(name, snapshot.Reason ?? "failed to start");
                }
            }
            await changed.WaitAsync(cancellationToken);
        }
    }
}

/// <summary>A resource that will not become healthy: the message says which and why.</summary>
public sealed class ResourceFailedException(string resource, string reason) : Exception($"{resource}: {reason}")
{
    public string Resource { get; } = resource;
    public string Reason { get; } = reason;
}
