namespace JointDislocation.ML.Backbones;

/// <summary>What a backbone computes for one image, in one forward pass.</summary>
public sealed class BackboneOutput
{
    private readonly float[] _pooled;
    private readonly float[] _map;

    /// <summary>Creates an output over buffers it takes ownership of.</summary>
    /// <param name="pooled">The pooled feature vector.</param>
    /// <param name="map">The last convolutional map, channel-major (C×H×W).</param>
    /// <param name="mapShape">The shape of <paramref name="map"/>.</param>
    /// <exception cref="ArgumentNullException">A buffer is null.</exception>
    /// <exception cref="ArgumentException">The map length does not match its shape, or the pooled vector is empty.</exception>
    public BackboneOutput(float[] pooled, float[] map, FeatureMapShape mapShape)
    {
        ArgumentNullException.ThrowIfNull(pooled);
        ArgumentNullException.ThrowIfNull(map);
        if (pooled.Length == 0)
        {
            throw new ArgumentException("The pooled feature vector is empty.", nameof(pooled));
        }

        if (mapShape.Channels < 1 || mapShape.Height < 1 || mapShape.Width < 1 || map.Length != mapShape.Length)
        {
            throw new ArgumentException($"The map has {map.Length} values, but its shape {mapShape} needs {mapShape.Length}.", nameof(map));
        }

        _pooled = pooled;
        _map = map;
        MapShape = mapShape;
    }

    /// <summary>The pooled feature vector (512 values for ResNet18): the input of a classifier head.</summary>
    public ReadOnlySpan<float> Pooled => _pooled;

    /// <summary>The last convolutional map, channel-major (C×H×W): the input of class activation maps.</summary>
    public ReadOnlySpan<float> Map => _map;

    /// <summary>The shape of <see cref="Map"/>.</summary>
    public FeatureMapShape MapShape { get; }

    /// <summary>A copy of the pooled features as an array, for APIs (such as ML.NET rows) that need one.</summary>
    /// <returns>A new array.</returns>
    public float[] PooledToArray() => (float[])_pooled.Clone();

    /// <summary>A copy of the map as an array.</summary>
    /// <returns>A new array, channel-major.</returns>
    public float[] MapToArray() => (float[])_map.Clone();

    /// <summary>One channel of the map (H×W, row-major).</summary>
    /// <param name="channel">The channel, 0-based.</param>
    /// <returns>The channel's values.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The channel is outside the map.</exception>
    public ReadOnlySpan<float> MapChannel(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, MapShape.Channels);
        var plane = MapShape.Height * MapShape.Width;
        return _map.AsSpan(channel * plane, plane);
    }
}
