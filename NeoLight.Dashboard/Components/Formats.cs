using System.Globalization;

namespace NeoLight.Dashboard.Components;

/// <summary>How the page writes figures: invariant culture, a dash for a figure not reported.</summary>
public static class Formats
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Width(double fraction) => (fraction * 100).ToString("0.#", Inv) + "%";
    public static string Money(double? v) => v is { } x ? x.ToString("#,0.00", Inv) : "–";
    public static string Pct(double? v) => v is { } x ? (x * 100).ToString("0.##", Inv) + " %" : "–";
    public static string Fixed(double? v, string format = "0.00") => v is { } x ? x.ToString(format, Inv) : "–";
    public static string Sign(double? v) => v is > 0 ? "up" : v is < 0 ? "down" : "";
}
