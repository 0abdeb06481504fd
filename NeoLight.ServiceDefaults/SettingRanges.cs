using System.ComponentModel.DataAnnotations;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// Range checks of settings that name the environment variable. (Not <c>[Range]</c>: the source-generated options validator
/// the native builds need words range failures by property name, ignoring the attribute's message.)
/// </summary>
public static class SettingRanges
{
    public static IEnumerable<ValidationResult> Outside(params (string Variable, double Value, double Min, double Max)[] ranges)
    {
        foreach (var (variable, value, min, max) in ranges)
            if (!(value >= min && value <= max)) // NaN fails too
                yield return new ValidationResult(FormattableString.Invariant($"{variable} must be between {min} and {max}"));
    }
}
