package forest

// The frame labels, for the external tests: they seal payloads of their own to reach the
// decoder behind the frame's checksum.
const (
	ModelKind     = modelKind
	DetectorKind  = detectorKind
	FormatVersion = formatVersion
)

var DimsFingerprint = dimsFingerprint
