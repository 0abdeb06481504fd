using Microsoft.Extensions.Configuration;

namespace NeoLight.Hosting;

/// <summary>Aspire's application builder: declare resources, then <see cref="Build"/>.</summary>
public interface IDistributedApplicationBuilder
{
    IConfiguration Configuration { get; }
    DistributedApplicationOptions Options { get; }
    IReadOnlyList<Resource> Resources { get; }
    IResourceBuilder<ProjectResource> AddProject<TProject>(string name) where TProject : IProjectMetadata, new();
    IResourceBuilder<ExecutableResource> AddExecutable(string name, string command, params string[] args);
    DistributedApplication Build();
}


internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly List<Resource> _resources = [];

    public DistributedApplicationBuilder(string[] args, Action<DistributedApplicationOptions>? configure = null)
    {
        Args = args;
        Configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).ToArray())
            .Build();
        Options = new DistributedApplicationOptions
        {
            OtlpEndpoint = Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
            EnvironmentName = Configuration["DOTNET_ENVIRONMENT"] ?? Configuration["ASPNETCORE_ENVIRONMENT"],
        };
        if (Configuration["AppHost:DashboardPort"] is { } port)
            Options.DashboardPort = int.TryParse(port, out var p) && p > 0 ? p : null;
        if (Configuration["AppHost:OtlpPort"] is { } otlp)
            Options.OtlpPort = int.TryParse(otlp, out var o) && o > 0 ? o : null;
        Options.OtlpApiKey = Configuration["AppHost:OtlpApiKey"];
        if (int.TryParse(Configuration["AppHost:WaitForTimeoutSeconds"], out var seconds) && seconds > 0)
            Options.WaitForTimeout = TimeSpan.FromSeconds(seconds);
        configure?.Invoke(Options);
    }

    public IConfiguration Configuration { get; }
    public DistributedApplicationOptions Options { get; }
    public IReadOnlyList<Resource> Resources => _resources;
    public IReadOnlyList<string> Args { get; }

    public IResourceBuilder<ProjectResource> AddProject<TProject>(string name) where TProject : IProjectMetadata, new()
    {
        var project = new TProject();
        return Add(new ProjectResource(name, project) { WorkingDirectory = Path.GetDirectoryName(project.ProjectPath) });
    }

    public IResourceBuilder<ExecutableResource> AddExecutable(string name, string command, params string[] args) =>
        Add(new ExecutableResource(name, command, args));

    private ResourceBuilder<T> Add<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name)) throw new InvalidOperationException($"a resource named '{resource.Name}' is already declared");
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public DistributedApplication Build()
    {
        // The testing builder takes the declared graph here instead of letting Program.cs run it.
        if (TestingHook.Current is { } hook) hook.Capture(this);
        return new DistributedApplication(this);
    }
}

/// <summary>How <c>DistributedApplicationTestingBuilder</c> reaches into the AppHost's own Program.cs.</summary>
internal sealed class TestingHook(Action<DistributedApplicationOptions> configure)
{
    private static readonly AsyncLocal<TestingHook?> CurrentHook = new();
    public static TestingHook? Current { get => CurrentHook.Value; set => CurrentHook.Value = value; }

    public Action<DistributedApplicationOptions> Configure { get; } = configure;
    public DistributedApplicationBuilder? Builder { get; private set; }

    public void Capture(DistributedApplicationBuilder builder)
    {
        Builder = builder;
        throw new EntryPointCapturedException();
    }
}

internal sealed class EntryPointCapturedException : Exception;
