using Aspire.Hosting;
using NeoLight.AppHost.Extensions;

namespace NeoLight.AppHost;

/// <summary>NeoLight's AppHost-wide settings and its way of running.</summary>
public static class AppHostSettings
{
    public const string StateDirectorySetting = "AppHost:StateDirectory";

    /// <summary>
    /// Where the services keep their data (<c>AppHost:StateDirectory</c>, default <c>state/</c> beside the AppHost
    /// project): the dashboard's SQLite database and metrics file, the risk engine's state file. Created if missing.
    /// </summary>
    public static string StateDirectory(this IDistributedApplicationBuilder builder)
    {
        var configured = builder.Configuration[StateDirectorySetting];
        var directory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(builder.AppHostDirectory, "state")
            : Path.GetFullPath(configured, builder.AppHostDirectory);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Runs until Ctrl+C; a port conflict is one clear message and exit code 1, not a stack trace.</summary>
    public static async Task<int> RunOrExplainAsync(this DistributedApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (Find<PortConflictException>(ex) is { } conflict)
        {
            Console.Error.WriteLine(conflict.Message);
            return 1;
        }
    }

    /// <summary>The first exception of type <typeparamref name="T"/> in <paramref name="error"/> or what it wraps.</summary>
    public static T? Find<T>(Exception? error) where T : Exception
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
            if (e is AggregateException aggregate)
                return aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(x => x is not null);
        }
        return null;
    }
}
