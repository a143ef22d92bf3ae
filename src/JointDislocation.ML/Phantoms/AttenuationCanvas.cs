namespace JointDislocation.ML.Phantoms;

/// <summary>
/// The projection buffer: Σ μ·path per pixel, built body by body. Each body's shapes are rasterised into a scratch
/// layer with a maximum (their union), and the layer is then added to the total inside its bounding box only.
/// </summary>
internal sealed class AttenuationCanvas
{
    private readonly float[] _layer;
    private readonly float[] _texture;
    private float[]? _distance;
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

    /// <summary>The pixels an <see cref="Body.Implant"/> body covers (null until one is added).</summary>
    public bool[]? ImplantMask { get; private set; }

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
        if (body.Implant)
        {
            ImplantMask ??= new bool[Width * Height];
        }

        var implant = body.Implant ? ImplantMask : null;
        for (var y = _minY; y <= _maxY; y++)
        {
            var row = y * Width;
            for (var x = _minX; x <= _maxX; x++)
            {
                if (implant is not null && _layer[row + x] > 0.3f)
                {
                    implant[row + x] = true;
                }

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

    public void DrawSlab(Slab slab)
    {
        double left = double.MaxValue, top = double.MaxValue, right = double.MinValue, bottom = double.MinValue;
        foreach (var loop in slab.Loops)
        {
            foreach (var p in loop.Points)
            {
                left = Math.Min(left, p.X);
                top = Math.Min(top, p.Y);
                right = Math.Max(right, p.X);
                bottom = Math.Max(bottom, p.Y);
            }
        }

        if (!Clip(left, top, right, bottom, out var x0, out var y0, out var x1, out var y1))
        {
            return;
        }

        // Distance to the nearest rimmed edge, needed only within the rounding radius: stamped edge by edge.
        var rim = slab.HalfDepth;
        _distance ??= new float[Width * Height];
        for (var y = y0; y <= y1; y++)
        {
            Array.Fill(_distance, (float)rim, (y * Width) + x0, x1 - x0 + 1);
        }

        foreach (var loop in slab.Loops)
        {
            var points = loop.Points;
            for (var i = 0; i < points.Length; i++)
            {
                if (loop.Open is not null && loop.Open[i])
                {
                    continue;
                }

                StampEdgeDistance(_distance, points[i], points[(i + 1) % points.Length], rim, x0, y0, x1, y1);
            }
        }

        var inner = Math.Max(rim - slab.Cortex, 0.0);
        var mm = MmPerPixel;
        var crossings = new List<double>();
        for (var y = y0; y <= y1; y++)
        {
            var yc = y + 0.5;
            crossings.Clear();
            foreach (var loop in slab.Loops)
            {
                var points = loop.Points;
                for (var i = 0; i < points.Length; i++)
                {
                    var a = points[i];
                    var b = points[(i + 1) % points.Length];
                    if ((a.Y <= yc) != (b.Y <= yc))
                    {
                        crossings.Add(a.X + ((yc - a.Y) * (b.X - a.X) / (b.Y - a.Y)));
                    }
                }
            }

            crossings.Sort();
            var row = y * Width;
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                var xa = Math.Max(x0, (int)Math.Ceiling(crossings[k] - 0.5));
                var xb = Math.Min(x1, (int)Math.Ceiling(crossings[k + 1] - 0.5) - 1);
                for (var x = xa; x <= xb; x++)
                {
                    double d = _distance[row + x];
                    var outerPath = d >= rim ? 2 * rim : 2 * Math.Sqrt(d * ((2 * rim) - d));
                    var di = d - slab.Cortex;
                    var innerPath = di <= 0 || inner <= 0 ? 0.0 : (di >= inner ? 2 * inner : 2 * Math.Sqrt(di * ((2 * inner) - di)));
                    var mu = slab.Textured ? slab.MuInner * _texture[row + x] : slab.MuInner;
                    Max(row + x, x, y, ((slab.MuCortex * (outerPath - innerPath)) + (mu * innerPath)) * mm);
                }
            }
        }
    }

    private void StampEdgeDistance(float[] distance, Vec2 a, Vec2 b, double rim, int bx0, int by0, int bx1, int by1)
    {
        var ex0 = Math.Max(bx0, (int)Math.Floor(Math.Min(a.X, b.X) - rim));
        var ey0 = Math.Max(by0, (int)Math.Floor(Math.Min(a.Y, b.Y) - rim));
        var ex1 = Math.Min(bx1, (int)Math.Ceiling(Math.Max(a.X, b.X) + rim));
        var ey1 = Math.Min(by1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + rim));
        var axis = b - a;
        var length2 = Vec2.Dot(axis, axis);
        var inverseLength2 = length2 > 1e-12 ? 1.0 / length2 : 0.0;
        for (var y = ey0; y <= ey1; y++)
        {
            var py = y + 0.5 - a.Y;
            var row = y * Width;
            for (var x = ex0; x <= ex1; x++)
            {
                var px = x + 0.5 - a.X;
                var t = ((px * axis.X) + (py * axis.Y)) * inverseLength2;
                t = t < 0 ? 0 : (t > 1 ? 1 : t);
                var qx = px - (t * axis.X);
                var qy = py - (t * axis.Y);
                var d = (float)Math.Sqrt((qx * qx) + (qy * qy));
                if (d < distance[row + x])
                {
                    distance[row + x] = d;
                }
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
