using System.Reflection;
using NeoLight.Hosting;

namespace NeoLight.Hosting.Testing;

/// <summary>
/// Aspire.Hosting.Testing's shape: runs the AppHost's own Program.cs up to <c>Build()</c> and takes the
/// declared graph, with every port replaced by a free one, each resource in a temporary folder of its
/// own and no orchestration dashboard. Disposing the application stops and reaps every process.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<IDistributedApplicationBuilder> CreateAsync<TEntryPoint>(string[]? args = null,
        Action<DistributedApplicationOptions>? configure = null)
    {
        var hook = new TestingHook(options => ForTesting(options, configure));
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly} has no entry point");
        TestingHook.Current = hook;
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args ?? []]);
            if (result is Task task) await task;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is EntryPointCapturedException)
        {
        }
        catch (EntryPointCapturedException)
        {
        }
        finally
        {
            TestingHook.Current = null;
        }
        return hook.Builder ?? throw new InvalidOperationException("the entry point never called Build()");
    }

    /// <summary>An empty builder with the testing options, for graphs a test declares itself.</summary>
    public static IDistributedApplicationBuilder Create(Action<DistributedApplicationOptions>? configure = null) =>
        new DistributedApplicationBuilder([], options => ForTesting(options, configure));

    private static void ForTesting(DistributedApplicationOptions options, Action<DistributedApplicationOptions>? configure)
    {
        options.AssignRandomPorts = true;
        options.DashboardPort = null;
        options.EnvironmentName = "Testing";
        options.TemporaryRoot = Directory.CreateTempSubdirectory("neolight-apphost-test-").FullName;
        options.WaitForTimeout = TimeSpan.FromSeconds(60);
        options.StopGracePeriod = TimeSpan.FromSeconds(3);
        configure?.Invoke(options);
    }
}
