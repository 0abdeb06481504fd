using System.Numerics;

namespace NeoLight.Risk;

/// <summary>
/// Standard normal draws from xoshiro256** (seeded through splitmix64) and the Box–Muller transform.
/// Our own generator so a seed gives the same numbers on every .NET version and platform.
/// </summary>
public struct GaussianSampler
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spare;
    private bool _hasSpare;

    public GaussianSampler(long seed)
    {
        var x = unchecked((ulong)seed);
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
        _spare = 0;
        _hasSpare = false;
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        var result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in (0, 1]: never 0, so the logarithm below is finite.</summary>
    public double NextUnitOpenBelow() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }
        var radius = Math.Sqrt(-2.0 * Math.Log(NextUnitOpenBelow()));
        var (sin, cos) = Math.SinCos(2.0 * Math.PI * NextUnitOpenBelow());
        _spare = radius * sin;
        _hasSpare = true;
        return radius * cos;
    }
}
