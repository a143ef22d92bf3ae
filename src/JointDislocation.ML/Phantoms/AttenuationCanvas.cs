namespace JointDislocation.ML.Phantoms;

/// <summary>
/// The projection buffer: Σ μ·path per pixel, built body by body. Each body's shapes are rasterised into a scratch
/// layer with a maximum (their union), and the layer is then added to the total inside its bounding box only.
/// </summary>
internal sealed class AttenuationCanvas
{
    private readonly float[] _layer;
    private readonly float[] _texture;
    private int _minX;
    private int _minY;
    private int _maxX;
    private int _maxY;

    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="mmPerPixel">Pixel spacing: paths measured in pixels are converted to millimetres with it.</param>
    /// <param name="texture">Trabecular texture, a multiplier around 1 per pixel (same size as the image).</param>
    public AttenuationCanvas(int width, int height, double mmPerPixel, float[] texture)
    {
        Width = width;
        Height = height;
        MmPerPixel = mmPerPixel;
        Total = new float[width * height];
        _layer = new float[width * height];
        _texture = texture;
        ResetBounds();
    }

    public int Width { get; }

    public int Height { get; }

    public double MmPerPixel { get; }

    public float[] Total { get; }

    public void Add(Body body, SceneTransform transform)
    {
        foreach (var shape in body.Shapes)
        {
            shape.ToPixels(transform).Rasterise(this);
        }

        if (_maxX < _minX)
        {
            return;
        }

        var sign = (float)body.Sign;
        for (var y = _minY; y <= _maxY; y++)
        {
            var row = y * Width;
            for (var x = _minX; x <= _maxX; x++)
            {
                Total[row + x] += sign * _layer[row + x];
                _layer[row + x] = 0f;
            }
        }

        ResetBounds();
    }

    public void DrawEllipsoid(Ellipsoid e)
    {
        var angle = e.AngleDegrees * Math.PI / 180.0;
        var c = Math.Cos(angle);
        var s = Math.Sin(angle);
        var ex = Math.Sqrt((e.A * e.A * c * c) + (e.B * e.B * s * s));
        var ey = Math.Sqrt((e.A * e.A * s * s) + (e.B * e.B * c * c));
        if (!Clip(e.Centre.X - ex, e.Centre.Y - ey, e.Centre.X + ex, e.Centre.Y + ey, out var x0, out var y0, out var x1, out var y1))
        {
            return;
        }

        var ia2 = 1.0 / (e.A * e.A);
        var ib2 = 1.0 / (e.B * e.B);
        var ai = Math.Max(e.A - e.Cortex, 0.0);
        var bi = Math.Max(e.B - e.Cortex, 0.0);
        var hasInner = ai > 0 && bi > 0;
        var iai2 = hasInner ? 1.0 / (ai * ai) : 0;
        var ibi2 = hasInner ? 1.0 / (bi * bi) : 0;
        var depthInner = e.Depth - Math.Min(e.Cortex, e.Depth * 0.5);
        var mm = MmPerPixel;
        var outerScale = 2.0 * e.Depth * mm;
        var innerScale = 2.0 * depthInner * mm;
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5 - e.Centre.Y;
            var row = y * Width;
            for (var x = x0; x <= x1; x++)
            {
                var dx = x + 0.5 - e.Centre.X;
                var u = (dx * c) + (dy * s);
                var v = (-dx * s) + (dy * c);
                var r2 = (u * u * ia2) + (v * v * ib2);
                if (r2 >= 1.0)
                {
                    continue;
                }

                var outer = outerScale * Math.Sqrt(1.0 - r2);
                double value;
                var ri2 = (u * u * iai2) + (v * v * ibi2);
                if (hasInner && ri2 < 1.0)
                {
                    var inner = innerScale * Math.Sqrt(1.0 - ri2);
                    var mu = e.Textured ? e.MuInner * _texture[row + x] : e.MuInner;
                    value = (e.MuCortex * (outer - inner)) + (mu * inner);
                }
                else
                {
                    value = e.MuCortex * outer;
                }

                Max(row + x, x, y, value);
            }
        }
    }

    public void DrawCapsule(Capsule k)
    {
        var rmax = Math.Max(k.R0, k.R1);
        if (!Clip(Math.Min(k.P0.X, k.P1.X) - rmax, Math.Min(k.P0.Y, k.P1.Y) - rmax, Math.Max(k.P0.X, k.P1.X) + rmax, Math.Max(k.P0.Y, k.P1.Y) + rmax, out var x0, out var y0, out var x1, out var y1))
        {
            return;
        }

        var axis = k.P1 - k.P0;
        var length2 = Vec2.Dot(axis, axis);
        var inverseLength2 = length2 > 1e-12 ? 1.0 / length2 : 0.0;
        var scale = 2.0 * k.DepthScale * MmPerPixel;
        for (var y = y0; y <= y1; y++)
        {
            var py = y + 0.5 - k.P0.Y;
            var row = y * Width;
            for (var x = x0; x <= x1; x++)
            {
                var px = x + 0.5 - k.P0.X;
                var t = ((px * axis.X) + (py * axis.Y)) * inverseLength2;
                if (k.FlatEnds && (t < 0 || t > 1))
                {
                    continue;
                }

                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                var qx = px - (t * axis.X);
                var qy = py - (t * axis.Y);
                var d2 = (qx * qx) + (qy * qy);
                var r = k.R0 + ((k.R1 - k.R0) * t);
                if (d2 >= r * r)
                {
                    continue;
                }

                var outer = scale * Math.Sqrt((r * r) - d2);
                var ri = r - k.Cortex;
                double value;
                if (ri > 0 && d2 < ri * ri)
                {
                    var inner = scale * Math.Sqrt((ri * ri) - d2);
                    var mu = k.Textured ? k.MuInner * _texture[row + x] : k.MuInner;
                    value = (k.MuCortex * (outer - inner)) + (mu * inner);
                }
                else
                {
                    value = k.MuCortex * outer;
                }

                Max(row + x, x, y, value);
            }
        }
    }

    public void DrawCup(CupShell cup)
    {
        var ro = cup.OuterRadius;
        if (!Clip(cup.Centre.X - ro, cup.Centre.Y - ro, cup.Centre.X + ro, cup.Centre.Y + ro, out var x0, out var y0, out var x1, out var y1))
        {
            return;
        }

        var dome = Vec2.FromAngle(cup.DomeAngleDegrees);
        var ro2 = ro * ro;
        var ri2 = cup.InnerRadius * cup.InnerRadius;
        var scale = 2.0 * MmPerPixel * cup.Mu;
        for (var y = y0; y <= y1; y++)
        {
            var dy = y + 0.5 - cup.Centre.Y;
            var row = y * Width;
            for (var x = x0; x <= x1; x++)
            {
                var dx = x + 0.5 - cup.Centre.X;
                if ((dx * dome.X) + (dy * dome.Y) < 0)
                {
                    continue;
                }

                var d2 = (dx * dx) + (dy * dy);
                if (d2 >= ro2)
                {
                    continue;
                }

                var path = Math.Sqrt(ro2 - d2) - (d2 < ri2 ? Math.Sqrt(ri2 - d2) : 0.0);
                Max(row + x, x, y, scale * path);
            }
        }
    }

    private void Max(int index, int x, int y, double value)
    {
        var v = (float)value;
        if (v > _layer[index])
        {
            _layer[index] = v;
            if (x < _minX)
            {
                _minX = x;
            }

            if (x > _maxX)
            {
                _maxX = x;
            }

            if (y < _minY)
            {
                _minY = y;
            }

            if (y > _maxY)
            {
                _maxY = y;
            }
        }
    }

    private bool Clip(double left, double top, double right, double bottom, out int x0, out int y0, out int x1, out int y1)
    {
        x0 = Math.Max(0, (int)Math.Floor(left));
        y0 = Math.Max(0, (int)Math.Floor(top));
        x1 = Math.Min(Width - 1, (int)Math.Ceiling(right));
        y1 = Math.Min(Height - 1, (int)Math.Ceiling(bottom));
        return x0 <= x1 && y0 <= y1;
    }

    private void ResetBounds()
    {
        _minX = int.MaxValue;
        _minY = int.MaxValue;
        _maxX = int.MinValue;
        _maxY = int.MinValue;
    }
}
