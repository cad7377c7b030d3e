package cn.xuncha.rectify.measure;

/** A measure was closed (销号) or approved as long-term (长期坚持): whatever was chasing it stops. */
public record MeasureFinished(long measureId, String measureKey, String outcome) {
}
