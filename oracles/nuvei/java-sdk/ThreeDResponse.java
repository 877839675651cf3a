/*
 * Copyright (C) 2007 - 2024 Nuvei Corporation.
 */

package com.nuvei.response;

import com.nuvei.model.SdkResponse;

public class ThreeDResponse {

    private String threeDReason;

    private String threeDFlow;

    private String paRequest;

    private String acsUrl;

    private String eci;

    private String methodUrl;

    private String version;

    private String v2supported;

    private String methodPayload;

    private String directoryServerId;

    private String directoryServerPublicKey;

    private String serverTransId;

    private String whiteListStatus;

    private String cavv;

    private String acsChallengeMandated;

    private String cReq;

    private String authenticationType;

    private String cardHolderInfoText;

    private SdkResponse sdk;

    private String xid;

    private String result;

    private String acsTransID;

    private String dsTransID;

    private String threeDReasonId;

    private String challengeCancelReasonId;

    private String challengeCancelReason;

    private String isLiabilityOnIssuer;

    private String isExemptionRequestInAuthentication;

    private String challengePreferenceReason;

    private String cascadedTo3Dv1;

    private String flow;

    private String acquirerDecision;

    private String decisionReason;

    public String getThreeDReason() {
        return threeDReason;
    }

    public void setThreeDReason(String threeDReason) {
        this.threeDReason = threeDReason;
    }

    public String getThreeDFlow() {
        return threeDFlow;
    }

    public void setThreeDFlow(String threeDFlow) {
        this.threeDFlow = threeDFlow;
    }

    public String getPaRequest() {
        return paRequest;
    }

    public void setPaRequest(String paRequest) {
        this.paRequest = paRequest;
    }

    public String getAcsUrl() {
        return acsUrl;
    }

    public void setAcsUrl(String acsUrl) {
        this.acsUrl = acsUrl;
    }

    public String getEci() {
        return eci;
    }

    public void setEci(String eci) {
        this.eci = eci;
    }

    public String getMethodUrl() {
        return methodUrl;
    }

    public void setMethodUrl(String methodUrl) {
        this.methodUrl = methodUrl;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getV2supported() {
        return v2supported;
    }

    public void setV2supported(String v2supported) {
        this.v2supported = v2supported;
    }

    public String getMethodPayload() {
        return methodPayload;
    }

    public void setMethodPayload(String methodPayload) {
        this.methodPayload = methodPayload;
    }

    public String getDirectoryServerId() {
        return directoryServerId;
    }

    public void setDirectoryServerId(String directoryServerId) {
        this.directoryServerId = directoryServerId;
    }

    public String getDirectoryServerPublicKey() {
        return directoryServerPublicKey;
    }

    public void setDirectoryServerPublicKey(String directoryServerPublicKey) {
        this.directoryServerPublicKey = directoryServerPublicKey;
    }

    public String getServerTransId() {
        return serverTransId;
    }

    public void setServerTransId(String serverTransId) {
        this.serverTransId = serverTransId;
    }

    public String getWhiteListStatus() {
        return whiteListStatus;
    }

    public void setWhiteListStatus(String whiteListStatus) {
        this.whiteListStatus = whiteListStatus;
    }

    public String getCavv() {
        return cavv;
    }

    public void setCavv(String cavv) {
        this.cavv = cavv;
    }

    public String getAcsChallengeMandated() {
        return acsChallengeMandated;
    }

    public void setAcsChallengeMandated(String acsChallengeMandated) {
        this.acsChallengeMandated = acsChallengeMandated;
    }

    public String getcReq() {
        return cReq;
    }

    public void setcReq(String cReq) {
        this.cReq = cReq;
    }

    public String getAuthenticationType() {
        return authenticationType;
    }

    public void setAuthenticationType(String authenticationType) {
        this.authenticationType = authenticationType;
    }

    public String getCardHolderInfoText() {
        return cardHolderInfoText;
    }

    public void setCardHolderInfoText(String cardHolderInfoText) {
        this.cardHolderInfoText = cardHolderInfoText;
    }

    public SdkResponse getSdk() {
        return sdk;
    }

    public void setSdk(SdkResponse sdk) {
        this.sdk = sdk;
    }

    public String getXid() {
        return xid;
    }

    public void setXid(String xid) {
        this.xid = xid;
    }

    public String getResult() {
        return result;
    }

    public void setResult(String result) {
        this.result = result;
    }

    public String getAcsTransID() {
        return acsTransID;
    }

    public void setAcsTransID(String acsTransID) {
        this.acsTransID = acsTransID;
    }

    public String getDsTransID() {
        return dsTransID;
    }

    public void setDsTransID(String dsTransID) {
        this.dsTransID = dsTransID;
    }

    public String getThreeDReasonId() {
        return threeDReasonId;
    }

    public void setThreeDReasonId(String threeDReasonId) {
        this.threeDReasonId = threeDReasonId;
    }

    public String getChallengeCancelReasonId() {
        return challengeCancelReasonId;
    }

    public void setChallengeCancelReasonId(String challengeCancelReasonId) {
        this.challengeCancelReasonId = challengeCancelReasonId;
    }

    public String getChallengeCancelReason() {
        return challengeCancelReason;
    }

    public void setChallengeCancelReason(String challengeCancelReason) {
        this.challengeCancelReason = challengeCancelReason;
    }

    public String getIsLiabilityOnIssuer() {
        return isLiabilityOnIssuer;
    }

    public void setIsLiabilityOnIssuer(String isLiabilityOnIssuer) {
        this.isLiabilityOnIssuer = isLiabilityOnIssuer;
    }

    public String getIsExemptionRequestInAuthentication() {
        return isExemptionRequestInAuthentication;
    }

    public void setIsExemptionRequestInAuthentication(String isExemptionRequestInAuthentication) {
        this.isExemptionRequestInAuthentication = isExemptionRequestInAuthentication;
    }

    public String getChallengePreferenceReason() {
        return challengePreferenceReason;
    }

    public void setChallengePreferenceReason(String challengePreferenceReason) {
        this.challengePreferenceReason = challengePreferenceReason;
    }

    public String getCascadedTo3Dv1() {
        return cascadedTo3Dv1;
    }

    public void setCascadedTo3Dv1(String cascadedTo3Dv1) {
        this.cascadedTo3Dv1 = cascadedTo3Dv1;
    }

    public String getFlow() {
        return flow;
    }

    public void setFlow(String flow) {
        this.flow = flow;
    }

    public String getAcquirerDecision() {
        return acquirerDecision;
    }

    public void setAcquirerDecision(String acquirerDecision) {
        this.acquirerDecision = acquirerDecision;
    }

    public String getDecisionReason() {
        return decisionReason;
    }

    public void setDecisionReason(String decisionReason) {
        this.decisionReason = decisionReason;
    }
}
