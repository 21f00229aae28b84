package features
func (i *Info) Dbg() [4]float64 { return [4]float64{i.errCount, i.errExpected, i.burstCount, i.burstExpected} }
