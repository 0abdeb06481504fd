namespace NeoLight.Tests.Infrastructure;

/// <summary>
/// Tests that start processes (the AppHost, a built service, PostgreSQL, Chromium) carry <c>[Trait("Category", "System")]</c>:
/// <c>dotnet test --filter Category!=System</c> runs the rest, in-process, in seconds.
/// </summary>
public static class TestCategories
{
    public const string Name = "Category";
    public const string System = "System";
}
